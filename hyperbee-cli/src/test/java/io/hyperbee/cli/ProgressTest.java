package io.hyperbee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void drawsInPlaceAtMostTenTimesASecondAndErasesWhenDone() {
    StringWriter err = new StringWriter();
    long[] now = {0};
    try (Progress p = new Progress.Terminal(new PrintWriter(err), "checking", () -> now[0])) {
      p.update(1, 2000);
      now[0] = 50_000_000L;
      p.update(2, 2000); // too soon: not drawn
      now[0] = 150_000_000L;
      p.update(1500, 2000);
    }
    assertEquals("\rchecking: 1 / 2,000 (0%)"
        + "\rchecking: 1,500 / 2,000 (75%)"
        + "\r                             \r", err.toString());
  }

  @Test
  void drawsNothingWhenStderrIsNotATerminal() {
    StringWriter err = new StringWriter();
    Io io = new Io(InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
        new PrintWriter(err));
    try (Progress p = Progress.of(io, "applying")) {
      p.update(1, -1);
    }
    assertEquals("", err.toString());
  }
}
