package io.hyperbee.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (absent when run from classes, e.g. in tests). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "hyperbee " + (version == null ? "(development build)" : version),
      "compatible with the JS packages hyperbee 2.27.3 and hypercore 11.36.1"
    };
  }
}
