package io.hyperbee.cli;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} as the user types it and as the CLI prints it. */
final class PeerAddress {
  private PeerAddress() {}

  /** Parses {@code HOST:PORT} (an IPv6 host in brackets); refuses anything else as a usage error. */
  static InetSocketAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw CliException.usage("expected HOST:PORT, e.g. 127.0.0.1:4000, but got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw CliException.usage("bad port in '" + text + "': not a number");
    }
    if (port < 0 || port > 65535) {
      throw CliException.usage("bad port in '" + text + "': must be 0..65535");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw CliException.failed("cannot resolve the host in '" + text + "'");
    }
    return address;
  }

  /** {@code 127.0.0.1:4000}: the numeric address, never a reverse-resolved name. */
  static String format(InetSocketAddress address) {
    String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
