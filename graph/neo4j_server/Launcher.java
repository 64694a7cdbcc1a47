// A local Neo4j Community server for development and CI, without Docker (graph/neo4j_server/README.md).
// Run as a single source file: java -Xmx1g -cp "$(cat classpath.txt)" Launcher.java DATA_DIR HOST PORT
// Bolt only, on HOST:PORT, authentication off (bind it to loopback). Stops cleanly on SIGTERM.
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher DATA_DIR HOST PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String listen = args[1] + ":" + Integer.parseInt(args[2]);
        Files.createDirectories(home);
        Path conf = home.resolve("plangraph-neo4j.conf");
        Files.writeString(conf, String.join("\n",
            "server.bolt.enabled=true",
            "server.bolt.listen_address=" + listen,
            "server.bolt.advertised_address=" + listen,
            "server.http.enabled=false",
            "dbms.security.auth_enabled=false",
            "server.memory.pagecache.size=128m",
            "db.tx_log.preallocate=false",
            "db.tx_log.rotation.retention_policy=1 files",
            "dbms.usage_report.enabled=false", ""));
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
            .loadPropertiesFromFile(conf)
            .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        System.out.println("plangraph-neo4j ready bolt://" + listen);
        System.out.flush();
        Thread.currentThread().join();
    }
}
