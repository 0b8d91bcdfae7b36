package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.config.tree.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {

    private static ModelSummary infer(LoadedExperiment e) throws InvalidExperimentException {
        return new ShapeInference().infer(e);
    }

    private static List<String> shapes(ModelSummary s) {
        return s.rows().stream().map(r -> r.output().toString()).toList();
    }

    private static List<Long> params(ModelSummary s) {
        return s.rows().stream().map(ModelSummary.Row::parameters).toList();
    }

    @Test
    void lenetHas44426Parameters() throws Exception {
        ModelSummary s = infer(ModelFixtures.shipped("lenet.yaml"));
        assertEquals("1×28×28", s.input().toString());
        assertEquals(List.of("conv2d", "maxpool", "relu", "conv2d", "maxpool", "relu", "flatten", "dense", "dense",
                "dense"), s.rows().stream().map(ModelSummary.Row::kind).toList());
        assertEquals(List.of("6×24×24", "6×12×12", "6×12×12", "16×8×8", "16×4×4", "16×4×4", "256", "120", "84", "10"),
                shapes(s));
        // 6·1·5·5+6, 16·6·5·5+16, 256·120+120, 120·84+84, 84·10+10
        assertEquals(List.of(156L, 0L, 0L, 2416L, 0L, 0L, 0L, 30840L, 10164L, 850L), params(s));
        assertEquals(44_426, s.totalParameters());
    }

    @Test
    void lectureNotebookCnnHas421642Parameters() throws Exception {
        ModelSummary s = infer(ModelFixtures.resource("/model/lecture6-cnn-mnist.yaml"));
        assertEquals(List.of("32×28×28", "32×28×28", "32×14×14", "64×14×14", "64×14×14", "64×7×7", "3136", "128",
                "10", "10"), shapes(s));
        // The notebook's count_parameters(): 288+32, 18432+64, 401408+128, 1280+10.
        assertEquals(List.of(320L, 0L, 0L, 18_496L, 0L, 0L, 0L, 401_536L, 1290L, 0L), params(s));
        assertEquals(421_642, s.totalParameters());
    }

    @Test
    void rowsCarryTheirYamlLines() throws Exception {
        ModelSummary s = infer(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}", "flatten",
                "dense: {units: 10}"));
        assertEquals(List.of(6, 7), s.rows().stream().map(ModelSummary.Row::line).toList());
    }

    @Test
    void paddingStrideAndPoolingFollowPyTorchSizes() throws Exception {
        ModelSummary s = infer(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "conv2d: {filters: 4, kernel: 5, padding: same}",   // 28 + 2·2 − 5 + 1 = 28
                "conv2d: {filters: 4, kernel: 3, stride: 2, padding: 1}", // ⌊(28 + 2 − 3)/2⌋ + 1 = 14
                "avgpool: {kernel: 3}",                                // stride 3: ⌊(14 − 3)/3⌋ + 1 = 4
                "maxpool: {kernel: 2, stride: 1}",                     // 3
                "conv2d: {filters: 2, kernel: 3, bias: false}",        // 1, 2·4·3·3 weights, no bias
                "flatten", "dense: {units: 10}"));
        assertEquals(List.of("4×28×28", "4×14×14", "4×4×4", "4×3×3", "2×1×1", "2", "10"), shapes(s));
        assertEquals(List.of(104L, 148L, 0L, 0L, 72L, 0L, 30L), params(s));
    }

    @Test
    void batchNormCountsGammaAndBetaOnly() throws Exception {
        // PyTorch counts running mean and variance as buffers, not parameters.
        ModelSummary s = infer(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "conv2d: {filters: 8, kernel: 3}", "batchnorm", "flatten", "dense: {units: 10}"));
        assertEquals(16L, s.rows().get(1).parameters());
    }

    @Test
    void denseOnAMapAsksForFlatten() {
        Problem p = problem("conv2d: {filters: 4, kernel: 5}", "dense: {units: 10}");
        assertEquals("dense gets a 4×24×24 map; add '- flatten' before it to make it 2304 values", p.message());
        assertEquals(7, p.at().line());
    }

    @Test
    void kernelLargerThanItsInput() {
        Problem p = problem("conv2d: {filters: 4, kernel: 5}", "maxpool: 8", "conv2d: {filters: 4, kernel: 5}",
                "flatten", "dense: {units: 10}");
        assertEquals("conv2d kernel 5 is larger than its 3×3 input (the map arriving here is 4×3×3)", p.message());
        assertEquals(8, p.at().line());
    }

    @Test
    void poolThatShrinksToNothing() {
        Problem p = problem("maxpool: 29", "flatten", "dense: {units: 10}");
        assertEquals("maxpool kernel 29 does not fit the 1×28×28 map arriving here: it would shrink it to nothing",
                p.message());
    }

    @Test
    void samePaddingNeedsStrideOneAndAnOddKernel() {
        assertEquals("padding same needs stride 1 (as in PyTorch); give the padding as a number",
                problem("conv2d: {filters: 4, kernel: 3, stride: 2, padding: same}", "flatten",
                        "dense: {units: 10}").message());
        assertEquals("padding same needs an odd kernel, got kernel 4",
                problem("conv2d: {filters: 4, kernel: 4, padding: same}", "flatten", "dense: {units: 10}").message());
    }

    @Test
    void outputMustMatchTheClasses() {
        Problem p = problem("flatten", "dense: {units: 12}");
        assertEquals("the model outputs 12 values, but mnist has 10 classes: the last dense layer needs 10 units",
                p.message());
        assertEquals(7, p.at().line());
        assertEquals("the model ends with a 4×24×24 map; end it with '- flatten' and a dense layer of 10 units",
                problem("conv2d: {filters: 4, kernel: 5}").message());
    }

    @Test
    void poolingAFlatVector() {
        assertEquals("maxpool needs an image-shaped input (channels×height×width) but gets 784 flat values",
                problem("flatten", "maxpool: 2", "dense: {units: 10}").message());
    }

    private static Problem problem(String... layers) {
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> infer(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}", layers)));
        assertEquals(1, e.problems().size(), e::getMessage);
        return e.problems().get(0);
    }
}
