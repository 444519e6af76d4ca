package io.hyperbee.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperbee.crypto.KeyPair;
import io.hyperbee.merkle.ProofCodec;
import io.hyperbee.merkle.ProofRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Proofs recorded from JS hypercore 11.36.1 ({@code js-proofs.js}) on 11 blocks "block0".."block10"
 * with seed 32 x 01: the Java writer builds byte-identical wire data messages, and a Java replica
 * accepts the JS bytes.
 */
class JsProofInteropTest {
  @Test
  void javaProofsAreByteIdenticalToJsAndJsProofsVerify() throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("js-proofs.json")) {
      root = new ObjectMapper().readTree(in);
    }
    HexFormat hex = HexFormat.of();
    try (Hypercore w = Hypercore.inMemory(HypercoreOptions.builder()
        .keyPair(KeyPair.fromSeed(hex.parseHex(root.get("seed").asText()))).build())) {
      for (JsonNode b : root.get("blocks")) {
        w.append(b.asText().getBytes(StandardCharsets.UTF_8));
      }
      assertEquals(root.get("proofs").size(), 5);
      for (JsonNode p : root.get("proofs")) {
        ProofRequest req = request(p.get("req"));
        byte[] js = hex.parseHex(p.get("data").asText());
        assertEquals(hex.formatHex(js), hex.formatHex(ProofCodec.encodeData(0, w.proof(req))), req.toString());

        Hypercore r = Hypercore.inMemory(HypercoreOptions.builder().key(w.key()).manifest(w.manifest()).build());
        if (req.upgrade() == null || req.upgrade().start() > 0) {
          long start = req.upgrade() == null ? 11 : req.upgrade().start();
          try (Hypercore prefix = Hypercore.inMemory(HypercoreOptions.builder().keyPair(w.keyPair()).build())) {
            for (long i = 0; i < start; i++) {
              prefix.append(w.get(i));
            }
            r.applyProof(prefix.proof(ProofRequest.upgrade(0, 0, start)));
          }
        }
        ProofCodec.Data data = ProofCodec.decodeData(js);
        assertEquals(0, data.requestId());
        r.applyProof(data.proof(), req);
        assertEquals(11, r.length());
        assertArrayEquals(w.treeHash(), r.treeHash());
        r.close();
      }
    }
  }

  private static ProofRequest request(JsonNode r) {
    ProofRequest req = new ProofRequest(0, null, null, null, null, false);
    if (r.has("block")) {
      req = req.withBlock(r.get("block").get("index").asLong(), r.get("block").get("nodes").asLong());
    }
    if (r.has("hash")) {
      req = req.withHash(r.get("hash").get("index").asLong(), r.get("hash").get("nodes").asLong());
    }
    if (r.has("seek")) {
      req = req.withSeek(r.get("seek").get("bytes").asLong(), r.get("seek").get("padding").asLong());
    }
    if (r.has("upgrade")) {
      req = req.withUpgrade(r.get("upgrade").get("start").asLong(), r.get("upgrade").get("length").asLong());
    }
    return req;
  }
}
