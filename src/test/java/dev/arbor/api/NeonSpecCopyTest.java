package dev.arbor.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The documents the API tests validate against are the shared reference's, byte for byte. */
class NeonSpecCopyTest {
    @Test
    void theTestCopyOfTheContractMatchesTheSharedReference() throws IOException {
        assumeTrue(Files.isRegularFile(NeonSpec.SHARED), "the shared reference is not beside the project here");
        assertArrayEquals(Files.readAllBytes(NeonSpec.SHARED), Files.readAllBytes(NeonSpec.SPEC),
                "src/test/resources/contract/neon-api-subset.json differs from ../shared/reference/; copy it again");
    }

    @Test
    void theTestCopyOfTheRealNeonDocumentMatchesTheSharedReference() throws IOException {
        assumeTrue(Files.isRegularFile(NeonDocument.SHARED), "the shared reference is not beside the project here");
        assertArrayEquals(Files.readAllBytes(NeonDocument.SHARED), Files.readAllBytes(NeonDocument.COPY),
                "src/test/resources/contract/neon-openapi-v2.json differs from ../shared/reference/; copy it again");
    }
}
