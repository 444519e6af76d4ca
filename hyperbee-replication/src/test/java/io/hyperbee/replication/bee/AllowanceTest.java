package io.hyperbee.replication.bee;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A lying or unsolicited cache answer can make us fetch no more than our queries allow. */
class AllowanceTest {
  private final Object a = new Object();
  private final Object b = new Object();

  @Test
  void aPeerNeverAskedGetsNothing() {
    Allowance<Object> allowance = new Allowance<>(100, 400);
    assertEquals(0, allowance.take(a, 5000));
    allowance.granted(List.of(b));
    assertEquals(0, allowance.take(a, 5000));
  }

  @Test
  void anAnswerUsesUpWhatTheQueryGranted() {
    Allowance<Object> allowance = new Allowance<>(100, 400);
    allowance.granted(List.of(a, b));
    assertEquals(30, allowance.take(a, 30));
    assertEquals(70, allowance.take(a, 5000), "a lying answer gets the rest of its query's allowance only");
    assertEquals(0, allowance.take(a, 1));
    assertEquals(100, allowance.take(b, 5000));
  }

  @Test
  void grantsAddUpToTheCapAndForgetPeersThatLeft() {
    Allowance<Object> allowance = new Allowance<>(100, 250);
    for (int i = 0; i < 5; i++) {
      allowance.granted(List.of(a, b));
    }
    assertEquals(250, allowance.take(a, 5000));
    allowance.granted(List.of(a)); // b is gone
    assertEquals(0, allowance.take(b, 5000));
    assertEquals(100, allowance.take(a, 5000));
  }
}
