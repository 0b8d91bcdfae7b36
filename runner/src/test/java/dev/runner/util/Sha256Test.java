package dev.runner.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void knownDigests() {
        // FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.ofText("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
        // text is hashed as UTF-8
        assertEquals(Sha256.hex("é".getBytes(java.nio.charset.StandardCharsets.UTF_8)), Sha256.ofText("é"));
        assertEquals(32, Sha256.digest(new byte[] {1}).length);
    }
}
