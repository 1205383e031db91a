package io.iwpspark.lvlm.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The tensors of a Hugging Face checkpoint folder, by canonical name ({@link WeightNames}): a single
 * model.safetensors, or shards listed by model.safetensors.index.json. Pickle checkpoints (.bin,
 * .pt) are refused: unpickling executes code. Tensors are read on demand, shape-checked first.
 */
public final class Checkpoint {
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    private final Path dir;
    private final Map<String, TensorEntry> tensors; // canonical name -> where it lies

    private Checkpoint(Path dir, Map<String, TensorEntry> tensors) {
        this.dir = dir;
        this.tensors = tensors;
    }

    public static Checkpoint open(Path dir) throws CheckpointException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint folder " + dir + " does not exist");
        }
        Map<String, TensorEntry> byName = new TreeMap<>();
        for (Path file : weightFiles(dir)) {
            for (TensorEntry e : SafetensorsFile.readHeader(file).values()) {
                String canonical = WeightNames.canonical(e.name()).orElse(null);
                if (canonical == null) {
                    continue;
                }
                TensorEntry previous = byName.put(canonical, e);
                if (previous != null) {
                    throw new CheckpointException(dir + ": tensor " + canonical + " appears twice, as "
                            + previous.name() + " in " + previous.file().getFileName() + " and as " + e.name()
                            + " in " + e.file().getFileName());
                }
            }
        }
        return new Checkpoint(dir, byName);
    }

    static List<Path> weightFiles(Path dir) throws CheckpointException {
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            JsonNode map = ConfigReader.readJson(index).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new CheckpointException(index + ": weight_map must be a non-empty object");
            }
            TreeSet<String> shards = new TreeSet<>();
            for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
                shards.add(it.next().asText());
            }
            List<Path> files = new ArrayList<>();
            for (String shard : shards) {
                Path p = dir.resolve(shard).normalize();
                if (!p.getParent().equals(dir.normalize()) || !shard.endsWith(".safetensors")) {
                    throw new CheckpointException(index + " names shard \"" + shard
                            + "\"; expected a .safetensors file inside " + dir);
                }
                if (!Files.isRegularFile(p)) {
                    throw new CheckpointException("missing file " + p + " (a shard listed in " + index + ")");
                }
                files.add(p);
            }
            return files;
        }
        Path single = dir.resolve(SINGLE);
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        List<String> pickles = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".ckpt"))
                    .sorted().forEach(pickles::add);
        } catch (IOException e) {
            throw new CheckpointException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (!pickles.isEmpty()) {
            throw new CheckpointException(dir + " holds only pickle weights " + pickles
                    + "; refusing to load them (unpickling executes code): convert the checkpoint to safetensors");
        }
        throw new CheckpointException("missing file " + single + " (or " + INDEX + " with its shards)");
    }

    public Path dir() {
        return dir;
    }

    public boolean has(String canonical) {
        return tensors.containsKey(canonical);
    }

    /** Every canonical tensor name the checkpoint holds, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** Where the tensor of this canonical name lies, from the headers alone; empty when the checkpoint lacks it. */
    public Optional<TensorEntry> entry(String canonical) {
        return Optional.ofNullable(tensors.get(canonical));
    }

    /** Reads a tensor in {@code dtype}, after checking it exists and has {@code expected} shape. */
    public NDArray load(NDManager manager, DataType dtype, String canonical, long... expected) throws CheckpointException {
        TensorEntry e = tensors.get(canonical);
        if (e == null) {
            throw new CheckpointException(dir + ": missing tensor " + canonical + " (published name "
                    + WeightNames.published(canonical) + ")");
        }
        Shape want = new Shape(expected);
        if (!e.shape().equals(want)) {
            throw new CheckpointException(e.file() + ": tensor " + e.name() + " has shape " + e.shape()
                    + ", expected " + want);
        }
        return TensorReader.read(manager, e, dtype);
    }
}
