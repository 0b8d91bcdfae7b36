package dev.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ParameterHashTest {
    @Test
    void parameterHashIsOfLittleEndianFloats() {
        // SHA-256 of the 8 bytes 00 00 80 3f 00 00 00 40 (1.0f and 2.0f, little-endian).
        assertEquals("b9c80b5adeca450753a16950c3cc655d271f7bef7a485bc83f112b72fef21d37",
                ParameterHash.of(org.nd4j.linalg.factory.Nd4j.createFromArray(1f, 2f)));
    }
}
