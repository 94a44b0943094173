package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.arbor.backend.ConnectionDetails;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How the editor reaches a branch: plainly on this machine, over checked TLS anywhere else. */
class SqlSessionSettingsTest {

    @Test
    void anEmbeddedEndpointOnLoopbackIsReachedWithoutTls() {
        Properties p = SqlSession.properties(new ConnectionDetails("ep", "127.0.0.1", 5433, "neondb", "neondb_owner", "pw"), null);
        assertEquals("disable", p.getProperty("sslmode"));
        assertEquals("Arbor SQL editor", p.getProperty("ApplicationName"));
    }

    @Test
    void aNeonEndpointIsReachedOverTlsWithItsCertificateAndNameChecked() {
        ConnectionDetails neon = ConnectionDetails.parse("ep-cool-1",
                "postgresql://neondb_owner:pw@ep-cool-1.us-east-2.aws.neon.tech/neondb?sslmode=require");
        Properties p = SqlSession.properties(neon, null);
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals("org.postgresql.ssl.DefaultJavaSSLFactory", p.getProperty("sslfactory"));
        assertFalse(p.containsKey("gssEncMode"));
        assertEquals("pw", p.getProperty("password"));
    }
}
