package io.hyperbee.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON.parse + JSON.stringify as node 20 computes them (fixtures from src/test/js). */
class JsJsonTest {

  @Test
  void roundTripsLikeJsonStringifyOfJsonParse() throws IOException {
    List<String> lines = lines("/js-json-cases.jsonl");
    for (String line : lines) {
      @SuppressWarnings("unchecked")
      List<Object> pair = (List<Object>) JsJson.parse(line);
      String input = (String) pair.get(0);
      String expected = (String) pair.get(1);
      assertEquals(expected, JsJson.stringify(JsJson.parse(input)), "JSON text " + input);
    }
    assertEquals(30, lines.size());
  }

  @Test
  void formatsNumbersAsJsNumberToString() throws IOException {
    List<String> lines = lines("/js-numbers.txt");
    for (String line : lines) {
      String[] parts = line.split(" ");
      double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
      assertEquals(parts[1], JsJson.numberToString(d), "bits " + parts[0]);
    }
    assertEquals(3000, lines.size());
  }

  @Test
  void refusesWhatJsonParseRefuses() {
    for (String bad : new String[] {"", "{", "[1,]", "01", "'a'", "NaN", "1 2", "{a:1}", "\"\u0001\""}) {
      assertThrows(IllegalArgumentException.class, () -> JsJson.parse(bad), bad);
    }
  }

  @Test
  void keepsTheFirstPositionAndLastValueOfARepeatedName() {
    assertEquals("{\"a\":3,\"b\":2}", JsJson.stringify(JsJson.parse("{\"a\":1,\"b\":2,\"a\":3}")));
  }

  private static List<String> lines(String resource) throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream in = JsJsonTest.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (!l.isEmpty()) {
          lines.add(l);
        }
      }
    }
    return lines;
  }
}
