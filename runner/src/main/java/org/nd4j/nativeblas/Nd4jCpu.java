package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * A bridge that lets DL4J 1.0.0-M2.1 find oneDNN. Its layer helpers decide whether oneDNN is usable by calling
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} reflectively, but the M2.1 bindings
 * moved that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN}; the lookup always fails, so convolution and pooling never use oneDNN even in the
 * {@code -onednn} build. This class answers the old lookup with the new binding's answer. It is reflective itself
 * so that builds without nd4j-native (the CUDA profile) still compile; there it answers false.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object environment = c.getMethod("getInstance").invoke(null);
                Method useOnednn = c.getMethod("isUseONEDNN");
                return (Boolean) useOnednn.invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
