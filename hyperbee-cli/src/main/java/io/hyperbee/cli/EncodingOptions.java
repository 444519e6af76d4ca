package io.hyperbee.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --key-encoding} and {@code --value-encoding}, shared by every command that reads keys. */
final class EncodingOptions {
  @Option(
      names = "--key-encoding",
      paramLabel = "ENC",
      defaultValue = "utf8",
      converter = EncodingConverter.class,
      description = "How keys are typed and shown: utf8 (default), hex or json.")
  Encoding keyEncoding;

  @Option(
      names = "--value-encoding",
      paramLabel = "ENC",
      defaultValue = "utf8",
      converter = EncodingConverter.class,
      description = "How values are typed and shown: utf8 (default), hex or json.")
  Encoding valueEncoding;

  /** The key typed as {@code text}, as bytes; a bad key is a usage error naming the key. */
  byte[] key(String text) {
    try {
      return keyEncoding.fromText(text);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("bad key for --key-encoding " + keyEncoding + ": " + e.getMessage());
    }
  }

  /** The value typed as {@code text}, as bytes. */
  byte[] value(String text) {
    try {
      return valueEncoding.fromText(text);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          "bad value for --value-encoding " + valueEncoding + ": " + e.getMessage());
    }
  }

  /** Picocli converter for the encoding names. */
  static final class EncodingConverter implements ITypeConverter<Encoding> {
    @Override
    public Encoding convert(String value) {
      try {
        return Encoding.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
