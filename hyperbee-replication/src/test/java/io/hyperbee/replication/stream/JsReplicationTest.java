package io.hyperbee.replication.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hyperbee.btree.Hyperbee;
import io.hyperbee.log.Hypercore;
import io.hyperbee.replication.net.JsPeer;
import io.hyperbee.replication.replicator.Replicator;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live interop with JS as JS users run it: interop/repl-peer.js replicates a Corestore 7.12.5 with
 * {@code store.replicate(secretStream)} over TCP on 127.0.0.1. JS writer to Java reader and Java
 * writer to JS reader, for a plain core and for a Hyperbee, with a live append each way.
 */
@Timeout(180)
class JsReplicationTest extends JsFixture {
  @Test
  void jsWriterToJavaReader() throws Exception {
    JsPeer js = js();
    InetSocketAddress address = jsServes(js);
    js.command("core c 5");
    Replicator reader = follow(jsCoreKey(js, "c"));
    ReplicationStream stream = connect(address);
    updated(reader, 5);
    assertEquals(5, reader.core().length());
    for (int i = 4; i >= 0; i--) {
      assertArrayEquals(b("block " + i), reader.get(i, WAIT));
    }

    // a core made and followed once connected replicates, whichever side opens its channel first
    js.command("core later 2");
    Replicator later = follow(jsCoreKey(js, "later"));
    updated(later, 2);
    assertArrayEquals(b("block 1"), later.get(1, WAIT));

    js.command("append c live one");
    await(() -> reader.core().length() == 6, () -> "the JS append reached the Java reader");
    assertArrayEquals(b("live one"), reader.get(5, WAIT));
    reader.core().verify();
    assertEquals(List.of(), stream.dropReasons());
  }

  @Test
  void javaWriterToJsReader() throws Exception {
    Hypercore writer = servedCore(7, 5, "block ");
    int port = listen().port();
    JsPeer js = js();
    js.command("follow c " + HEX.formatHex(writer.key()));
    js.command("connect " + port);
    js.command("update c");
    js.command("wait-length c 5");
    for (int i = 0; i < 5; i++) {
      assertEquals(HEX.formatHex(b("block " + i)), jsBlock(js, "c", i));
    }

    writer.append(List.of(b("live")));
    js.await("append c 6");
    assertEquals(HEX.formatHex(b("live")), jsBlock(js, "c", 5));
    assertEquals(List.of(), servedDropReasons());
  }

  @Test
  void severalCoresOverOneStreamEachWay() throws Exception {
    // JS corestore corks its opens until the handshake is through: both arrive in one batch
    JsPeer js = js();
    InetSocketAddress address = jsServes(js);
    js.command("core c 3");
    Replicator c = follow(jsCoreKey(js, "c"));
    js.command("core d 4");
    Replicator d = follow(jsCoreKey(js, "d"));
    ReplicationStream stream = connect(address);
    updated(c, 3);
    updated(d, 4);
    assertArrayEquals(b("block 2"), c.get(2, WAIT));
    assertArrayEquals(b("block 3"), d.get(3, WAIT));
    assertEquals(List.of(), stream.dropReasons());

    // and ours, also in one batch, to a JS reader of two Java cores
    Hypercore e = servedCore(9, 2, "e ");
    Hypercore f = servedCore(10, 3, "f ");
    int port = listen().port();
    js.command("follow e " + HEX.formatHex(e.key()));
    js.command("follow f " + HEX.formatHex(f.key()));
    js.command("connect " + port);
    js.command("wait-length e 2");
    js.command("wait-length f 3");
    assertEquals(HEX.formatHex(b("e 1")), jsBlock(js, "e", 1));
    assertEquals(HEX.formatHex(b("f 2")), jsBlock(js, "f", 2));
    assertEquals(List.of(), servedDropReasons());
  }

  @Test
  void jsBeeToJavaHyperbee() throws Exception {
    JsPeer js = js();
    InetSocketAddress address = jsServes(js);
    js.command("bee b " + BEE_KEYS);
    String[] created = js.awaitWords("core b ");
    Replicator reader = follow(HEX.parseHex(created[0]));
    connect(address);
    updated(reader, Long.parseLong(created[1]));
    Hyperbee bee = Hyperbee.open(reader.core());
    assertEquals("value 123", s(bee.get(b(beeKey(123))).value()));
    assertEquals(expectedRange(400, 5), range(bee, beeKey(400), 5));
    assertEquals(null, bee.get(b("nope")));

    js.command("put b key99999 late");
    long length = Long.parseLong(js.awaitWords("length b ")[0]);
    await(() -> reader.core().length() == length, () -> "the JS put reached the Java reader");
    assertArrayEquals(b("late"), Hyperbee.open(reader.core()).get(b("key99999")).value());
  }

  @Test
  void javaHyperbeeToJsBee() throws Exception {
    Hypercore writer = writerCore(8);
    Hyperbee writerBee = writerBee(writer);
    serve(writer);
    int port = listen().port();
    JsPeer js = js();
    js.command("follow b " + HEX.formatHex(writer.key()));
    js.command("connect " + port);
    js.command("wait-length b " + writer.length());
    assertEquals("value 123", jsBeeGet(js, beeKey(123)));
    js.command("bee-range b " + beeKey(400) + " 5");
    assertEquals(String.join(",", expectedRange(400, 5)), afterPrefix(js, "range b "));

    writerBee.put(b("key99999"), b("late"));
    js.await("append b " + writer.length());
    assertEquals("late", jsBeeGet(js, "key99999"));
    assertEquals("-", jsBeeGet(js, "nope"));
    assertEquals(List.of(), servedDropReasons());
  }

  private static String jsBeeGet(JsPeer js, String key) throws Exception {
    js.command("bee-get b " + key);
    return afterPrefix(js, "entry b " + key + " ");
  }

  /** The rest of the next line starting with {@code prefix} (values hold spaces). */
  private static String afterPrefix(JsPeer js, String prefix) throws Exception {
    return js.await(prefix).substring(prefix.length());
  }
}
