package dev.runner.data;

import dev.runner.config.DatasetSpec;
import java.util.Random;

/**
 * The sets one run uses: training, validation (possibly empty) and test. The validation hold-out is drawn as
 * PyTorch's {@code random_split} draws it, from a permutation of the training set: the first part trains.
 */
public record DatasetSplits(ImageSet train, ImageSet validation, ImageSet test) {

    public boolean hasValidation() {
        return validation != null && validation.count() > 0;
    }

    /**
     * @param validationFraction in [0, 1)
     * @param trainLimit         keep only this many training images after the split, or {@code null}
     * @param validationLimit    likewise for validation
     * @param testLimit          keep only the first this many test images, or {@code null}
     */
    public static DatasetSplits split(LoadedDataset data, double validationFraction, Integer trainLimit,
                                      Integer validationLimit, Integer testLimit, Random random) {
        int n = data.train().count();
        int nTrain = DatasetSpec.trainingPart(n, validationFraction);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (validationFraction > 0) {
            shuffle(order, random);
        }
        int[] trainIdx = java.util.Arrays.copyOfRange(order, 0, limit(nTrain, trainLimit));
        int[] valIdx = java.util.Arrays.copyOfRange(order, nTrain, nTrain + limit(n - nTrain, validationLimit));
        ImageSet test = testLimit == null ? data.test() : data.test().head(testLimit);
        return new DatasetSplits(data.train().select(trainIdx), data.train().select(valIdx), test);
    }

    private static int limit(int available, Integer limit) {
        return limit == null ? available : Math.min(available, limit);
    }

    /** Fisher–Yates, from the given source only. */
    public static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
