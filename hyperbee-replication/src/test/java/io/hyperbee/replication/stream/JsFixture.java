package io.hyperbee.replication.stream;

import io.hyperbee.replication.net.JsPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link TcpFixture} with a live JS peer: interop/repl-peer.js (a Corestore replicated over
 * secret-stream on 127.0.0.1), started by {@link #js()} and killed by PID after each test.
 */
abstract class JsFixture extends TcpFixture {
  static final HexFormat HEX = HexFormat.of();
  JsPeer js;

  @AfterEach
  void killNode() throws InterruptedException {
    if (js != null) {
      js.close();
    }
  }

  /** Starts the test's JS peer. */
  JsPeer js() throws Exception {
    js = JsPeer.script("repl-peer.js");
    return js;
  }

  /** JS serves its store; returns its address. */
  static InetSocketAddress jsServes(JsPeer js) throws Exception {
    js.command("serve");
    int port = Integer.parseInt(js.awaitWords("listening ")[0]);
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** The key of the writable core NAME that JS just made (its "core NAME KEY LENGTH" line). */
  static byte[] jsCoreKey(JsPeer js, String name) throws Exception {
    return HEX.parseHex(js.awaitWords("core " + name + " ")[0]);
  }

  /** Block {@code index} of JS's core NAME, hex. */
  static String jsBlock(JsPeer js, String name, long index) throws Exception {
    js.command("get " + name + " " + index);
    return js.awaitWords("block " + name + " " + index + " ")[0];
  }
}
