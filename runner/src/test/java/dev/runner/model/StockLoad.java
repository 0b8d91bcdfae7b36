package dev.runner.model;

import java.io.File;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a DL4J user does with a run's model file, run by {@link StockDl4j} in a JVM whose class path holds only
 * DL4J, ND4J and their dependencies (and this one class): restore each model and write its outputs on a batch.
 * Arguments come in threes: {@code model.zip input.bin output.bin}, the arrays in ND4J's binary format. It uses
 * nothing but DL4J, ND4J and the JDK, and no nested classes, so that copying this one class file is enough.
 */
public final class StockLoad {
    private StockLoad() {
    }

    public static void main(String[] args) throws Exception {
        // The isolation is the point: if a runner class could be loaded here, the check would prove nothing.
        try {
            Class.forName("dev.runner.model.NetworkCompiler");
            System.err.println("runner classes are on the class path: " + System.getProperty("java.class.path"));
            System.exit(3);
        } catch (ClassNotFoundException expected) {
            // as it should be
        }
        for (int i = 0; i + 2 < args.length; i += 3) {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new File(args[i]));
            INDArray input = Nd4j.readBinary(new File(args[i + 1]));
            Nd4j.saveBinary(network.output(input, false), new File(args[i + 2]));
        }
    }
}
