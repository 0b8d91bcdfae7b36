package dev.runner.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a dataset's IDX files under {@code DATA_DIR/<dataset>/} (raw or {@code .gz}), checks each against its
 * SHA-256 and its expected shape, and loads it. A wrong file is an error naming it and the command that fetches a
 * good copy; the runner never trains on a partial or altered dataset.
 */
public final class DatasetStore {
    private final Path dataDir;

    public DatasetStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path directory(DatasetInfo info) {
        return dataDir.resolve(info.name().yamlName());
    }

    /** The files of {@code info} that are absent, by the name they would have. */
    public List<Path> missing(DatasetInfo info) {
        List<Path> out = new ArrayList<>();
        for (DatasetInfo.FileRef ref : info.files().all()) {
            if (locate(info, ref) == null) out.add(directory(info).resolve(ref.baseName()));
        }
        return out;
    }

    public LoadedDataset load(DatasetInfo info) throws DataException {
        IdxReader reader = new IdxReader();
        DatasetInfo.IdxFiles f = info.files();
        ImageSet train = images(info, reader, f.trainImages(), f.trainLabels(), info.trainCount());
        ImageSet test = images(info, reader, f.testImages(), f.testLabels(), info.testCount());
        return new LoadedDataset(info, train, test);
    }

    private ImageSet images(DatasetInfo info, IdxReader reader, DatasetInfo.FileRef imagesRef,
                            DatasetInfo.FileRef labelsRef, int expected) throws DataException {
        IdxReader.IdxData images = verified(info, reader, imagesRef);
        IdxReader.IdxData labels = verified(info, reader, labelsRef);
        // The checksum already pins the content; these guard the reader itself.
        if (images.dims().length != 3 || images.count() != expected || labels.count() != expected) {
            throw new DataException(locate(info, imagesRef) + ": unexpected shape for " + info.name().yamlName());
        }
        int size = info.pixels();
        byte[] raw = images.data();
        float[] pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) pixels[i] = (raw[i] & 0xff) / 255f;
        int[] l = new int[labels.count()];
        for (int i = 0; i < l.length; i++) l[i] = labels.data()[i] & 0xff;
        return new ImageSet(pixels, l, size);
    }

    private IdxReader.IdxData verified(DatasetInfo info, IdxReader reader, DatasetInfo.FileRef ref)
            throws DataException {
        Path file = locate(info, ref);
        if (file == null) {
            throw new DataException(directory(info).resolve(ref.baseName()) + ": missing (nor .gz); fetch it with: "
                    + fetchCommand(info));
        }
        IdxReader.IdxData data;
        try {
            data = reader.read(file);
        } catch (DataException e) {
            throw new DataException(e.getMessage() + "; fetch a good copy with: " + fetchCommand(info));
        }
        if (!data.sha256().equals(ref.sha256())) {
            throw new DataException(file + ": checksum mismatch (SHA-256 of its content is " + data.sha256()
                    + ", expected " + ref.sha256() + "); fetch a good copy with: " + fetchCommand(info));
        }
        return data;
    }

    private Path locate(DatasetInfo info, DatasetInfo.FileRef ref) {
        Path dir = directory(info);
        Path raw = dir.resolve(ref.baseName());
        if (Files.isRegularFile(raw)) return raw;
        Path gz = dir.resolve(ref.baseName() + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    public String fetchCommand(DatasetInfo info) {
        return "scripts/fetch-datasets --data-dir " + dataDir + " " + info.name().yamlName();
    }
}
