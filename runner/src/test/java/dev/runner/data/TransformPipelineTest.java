package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.TransformSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformPipelineTest {

    @Test
    void statisticsAreMeanAndUnbiasedStdAsTorch() {
        // torch.tensor([0, .5, 1, 1]).std() is the unbiased (n − 1) estimate:
        // mean 0.625, squared deviations 0.390625 + 0.015625 + 0.140625 + 0.140625 = 0.6875, over 3.
        ImageSet set = new ImageSet(new float[]{0f, 0.5f, 1f, 1f}, new int[]{0, 1}, 2);
        TransformPipeline.Statistics s = TransformPipeline.Statistics.of(set);
        assertEquals(0.625, s.mean(), 1e-15);
        assertEquals(Math.sqrt(0.6875 / 3), s.std(), 1e-15);
        assertEquals(0.47871355387816905, s.std(), 1e-15);
    }

    @Test
    void normalizeAutoTakesTheTrainingStatistics() {
        TransformPipeline.Statistics stats = new TransformPipeline.Statistics(0.25, 0.5);
        TransformPipeline p = TransformPipeline.of(List.of(new TransformSpec.NormalizeAuto()), stats, 1, 2);
        ImageSet out = p.applyAll(new ImageSet(new float[]{0.25f, 1f, 0f, 0.75f}, new int[]{3, 4}, 2), null);
        assertArrayEquals(new float[]{0f, 1.5f, -0.5f, 1f}, out.pixels());
        assertArrayEquals(new int[]{3, 4}, out.labels());
        assertFalse(p.isRandom());
    }

    @Test
    void stepsRunInOrder() {
        // Normalising first and then filling the corners differs from filling and then normalising.
        TransformPipeline.Statistics unused = new TransformPipeline.Statistics(0, 1);
        List<TransformSpec> rotateThenNormalize = List.of(new TransformSpec.RandomRotation(45, 0),
                new TransformSpec.Normalize(0.5, 0.5));
        TransformPipeline p = TransformPipeline.of(rotateThenNormalize, unused, 28, 28);
        assertTrue(p.isRandom());
        float[] image = new float[784];
        java.util.Arrays.fill(image, 1f);
        ImageSet out = p.applyAll(new ImageSet(image, new int[]{0}, 784), new Random(1));
        // A corner rotated in from outside gets fill 0, then normalises to (0 − 0.5)/0.5 = −1; the centre 1 → 1.
        // (Any angle in ±45° with |angle| > about 0.1° empties a corner; seed 1 draws one.)
        assertEquals(1f, out.pixels()[14 * 28 + 14]);
        assertTrue(out.pixels()[0] == -1f || out.pixels()[27] == -1f || out.pixels()[783] == -1f
                || out.pixels()[756] == -1f);
    }

    @Test
    void applyAllCopiesAndLeavesTheSetAlone() {
        float[] pixels = {0.5f, 0.5f};
        ImageSet set = new ImageSet(pixels, new int[]{1, 2}, 1);
        TransformPipeline p = TransformPipeline.of(List.of(new TransformSpec.Normalize(0.5, 1)),
                new TransformPipeline.Statistics(0, 1), 1, 1);
        ImageSet out = p.applyAll(set, null);
        assertArrayEquals(new float[]{0f, 0f}, out.pixels());
        assertArrayEquals(new float[]{0.5f, 0.5f}, set.pixels());
    }

    @Test
    void emptyPipelineReturnsTheSameSet() {
        ImageSet set = new ImageSet(new float[]{0.1f}, new int[]{0}, 1);
        TransformPipeline p = TransformPipeline.of(List.of(), new TransformPipeline.Statistics(0, 1), 1, 1);
        assertTrue(p.isEmpty());
        assertSame(set, p.applyAll(set, new Random(1)));
    }

    @Test
    void randomStepsDrawInImageOrderFromTheGivenSource() {
        TransformPipeline p = TransformPipeline.of(List.of(new TransformSpec.RandomRotation(30, 0)),
                new TransformPipeline.Statistics(0, 1), 28, 28);
        ImageSet set = new ImageSet(ramp(3), new int[]{0, 1, 2}, 784);
        ImageSet a = p.applyAll(set, new Random(8));
        ImageSet b = p.applyAll(set, new Random(8));
        assertArrayEquals(a.pixels(), b.pixels());
        // image 1 of the set got the second angle of the stream
        float[] single = java.util.Arrays.copyOfRange(set.pixels(), 784, 2 * 784);
        Random r = new Random(8);
        r.nextDouble();
        new ImageTransform.RandomRotation(30, 0).apply(single, 0, 28, 28, r);
        assertArrayEquals(single, java.util.Arrays.copyOfRange(a.pixels(), 784, 2 * 784));
    }

    private static float[] ramp(int images) {
        float[] p = new float[images * 784];
        for (int i = 0; i < p.length; i++) p[i] = (i % 784) / 784f;
        return p;
    }
}
