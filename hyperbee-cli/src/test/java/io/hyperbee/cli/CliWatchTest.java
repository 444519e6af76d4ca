package io.hyperbee.cli;

import static io.hyperbee.cli.CliCommandsTest.SEED;
import static io.hyperbee.cli.CliCommandsTest.fails;
import static io.hyperbee.cli.CliCommandsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --sub on every command, diff --reverse, history --live and watch beside a writer. */
@Timeout(120)
class CliWatchTest {
  private static final long WAIT = 60;

  @TempDir Path tmp;
  String dir;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void createBee() {
    dir = tmp.resolve("bee").toString();
    ok("init", dir, "--seed", SEED);
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(WAIT, TimeUnit.SECONDS));
  }

  @Test
  void subOnEveryReadAndWriteCommand() {
    ok("put", dir, "--sub", "users", "alice", "admin");
    ok("put", dir, "--sub", "org", "--sub", "eu", "bob", "guest");
    ok("put", dir, "alice", "top level");
    Cli.Result applied = Cli.runWithInput("{\"type\":\"put\",\"key\":\"carol\",\"value\":\"dev\"}\n",
        "apply", dir, "--sub", "users");
    assertEquals(ExitCodes.OK, applied.exit(), applied.toString());
    assertEquals(List.of("admin"), ok("get", dir, "--sub", "users", "alice").lines());
    assertEquals(List.of("guest"), ok("get", dir, "--sub", "org", "--sub", "eu", "bob").lines());
    assertEquals(List.of("top level"), ok("get", dir, "alice").lines());
    assertEquals(List.of("alice\tadmin", "carol\tdev"), ok("scan", dir, "--sub", "users").lines());
    // the stored keys, as JS db.sub('users') and db.sub('org').sub('eu') write them
    assertEquals(List.of("616c696365", "6f726700657500626f62", "757365727300616c696365",
            "7573657273006361726f6c"),
        ok("scan", dir, "--key-encoding", "hex").lines().stream().map(l -> l.split("\t")[0]).toList());
    ok("del", dir, "--sub", "users", "alice");
    fails(ExitCodes.NOT_FOUND, "get", dir, "--sub", "users", "alice");
    assertEquals(List.of("- alice\tadmin"), ok("diff", dir, "--sub", "users", "--from", "5").lines());
    assertEquals(List.of("1\tput\talice\tadmin", "4\tput\tcarol\tdev", "5\tdel\talice"),
        ok("history", dir, "--sub", "users").lines());
    assertEquals(List.of("1\tput\talice\tadmin"), ok("history", dir, "--sub", "users", "--limit", "1").lines());
  }

  @Test
  void diffReverseListsTheLargestKeyFirst() {
    ok("put", dir, "a", "1");
    ok("put", dir, "b", "2");
    ok("put", dir, "c", "3");
    assertEquals(List.of("+ c\t3", "+ b\t2", "+ a\t1"), ok("diff", dir, "--from", "1", "--reverse").lines());
    assertEquals(List.of("+ c\t3", "+ b\t2"), ok("diff", dir, "--from", "1", "--reverse", "--limit", "2").lines());
    assertEquals(List.of("+ a\t1", "+ b\t2"), ok("diff", dir, "--from", "1", "--limit", "2").lines());
  }

  @Test
  void historyLivePrintsNewWritesAsTheyCome() throws Exception {
    ok("put", dir, "a", "1");
    Future<Cli.Result> live = pool.submit(() -> ok("history", dir, "--live", "--limit", "3", "--interval", "5"));
    ok("put", dir, "b", "2");
    ok("del", dir, "a");
    Cli.Result r = live.get(WAIT, TimeUnit.SECONDS);
    assertEquals(List.of("1\tput\ta\t1", "2\tput\tb\t2", "3\tdel\ta"), r.lines());
    fails(ExitCodes.USAGE, "history", dir, "--live", "--reverse");
  }

  @Test
  void watchPrintsEachChangeOfItsRange() throws Exception {
    ok("put", dir, "k1", "before the watch");
    Future<Cli.Result> watch = pool.submit(
        () -> ok("watch", dir, "--gte", "k", "--lt", "l", "--count", "2", "--json", "--interval", "5"));
    // writes until the watch has seen two changes; writes outside the range never count
    for (int i = 0; !watch.isDone() && i < 2000; i++) {
      ok("put", dir, "z" + i, "outside");
      ok("put", dir, "k" + (i % 3), "v" + i);
    }
    Cli.Result r = watch.get(WAIT, TimeUnit.SECONDS);
    List<String> lines = r.lines();
    assertTrue(lines.size() >= 2, r.toString());
    for (String line : lines) {
      assertTrue(line.matches("\\{\"version\":\\d+,\"previous\":\\d+,\"left\":\\{\"seq\":\\d+,\"key\":\"k\\d\",.*"), line);
    }
  }
}
