package io.hyperbee.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same unchanged client code gives the same transcript on every factory. */
class ClientCodeIntegrationTest {
  private static final List<String> EXPECTED =
      List.of(
          "before sale:"
              + " stock/apple=50,stock/banana=60,stock/cherry=60,stock/damson=60,stock/elder=50",
          "apple then: 50",
          "after sale: stock/apple=45,stock/cherry=60,stock/damson=60,stock/elder=50",
          "sales: sales/0001=apple:5,banana:60",
          "reopened: meta/owner=alice,sales/0001=apple:5,banana:60,stock/apple=45,stock/cherry=60,"
              + "stock/damson=60",
          "owner: alice",
          "missing: null");

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Peer.class)
  void sameTranscriptOnEveryFactory(Peer peer) throws Exception {
    List<String> transcript = new LevelDbClient(peer.factory()).run(tmp.resolve("shop").toFile());
    assertEquals(EXPECTED, transcript);
  }
}
