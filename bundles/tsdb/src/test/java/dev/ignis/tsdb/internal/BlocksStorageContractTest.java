package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.StorageException.Kind;
import dev.ignis.tsdb.internal.util.Dirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The server storage with committed data in blocks: after each batch the test commits, the
 * storage is snapshotted (its head written as a block), closed and reopened on the snapshot
 * alone, so reads come from blocks and later appends go to an empty head behind them.
 */
class BlocksStorageContractTest extends StorageContractTest {
    private int snapshots;

    @Override
    protected Storage open(Path dir) throws Exception {
        return new TsdbComponent(TsdbOptions.defaults(dir.resolve("data")));
    }

    @Override
    protected void close(Storage s) throws Exception {
        ((TsdbComponent) s).close();
    }

    @Override
    protected boolean durable() {
        return true;
    }

    /** Behind a block the head takes nothing older than the block's end: out of bounds, as in Prometheus. */
    @Override
    protected Kind rejectedAs(Kind inHead) {
        return Kind.OUT_OF_BOUNDS;
    }

    @Override
    void append(Object... triples) throws Exception {
        super.append(triples);
        Path snapshot = dir.resolve("snapshot-" + snapshots++);
        storage.snapshot(snapshot, false);
        close(storage);
        storage = null;
        Dirs.deleteTree(dir.resolve("data"));
        Files.move(snapshot, dir.resolve("data"));
        storage = open(dir);
        try (Stream<Path> blocks = Files.list(dir.resolve("data"))) {
            if (blocks.noneMatch(p -> Files.exists(p.resolve("meta.json")))) {
                throw new AssertionError("the snapshot holds no block");
            }
        }
    }
}
