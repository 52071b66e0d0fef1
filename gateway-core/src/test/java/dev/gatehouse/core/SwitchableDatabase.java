package dev.gatehouse.core;

import org.h2.tools.Server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An H2 database served over TCP from this JVM, behind a relay a test can cut: {@link #stop} resets every
 * open connection and every new one, as when the database server or the network to it is gone; {@link
 * #start} lets connections through again, to the same data. (Cut at a relay rather than by stopping H2's
 * server: a refused connect makes H2's client retry for two seconds, which would slow tests, not Gatehouse.)
 */
public final class SwitchableDatabase implements AutoCloseable {
    private final String name = "switchable-" + UUID.randomUUID();
    /** Keeps the in-memory database while nobody is connected. */
    private final Connection keeper;
    private final Server server;
    private final ServerSocket relay;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;

    public SwitchableDatabase() {
        try {
            keeper = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
            server = Server.createTcpServer("-tcpPort", "0").start();
            relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::accept, "switchable-database-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The JDBC URL Gatehouse connects to. */
    public String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + relay.getLocalPort() + "/mem:" + name;
    }

    /** The database goes away: open connections are reset, new ones too. */
    public void stop() {
        up = false;
        open.forEach(SwitchableDatabase::closeQuietly);
        open.clear();
    }

    /** The database is back, with its data, at the same address. */
    public void start() {
        up = true;
    }

    private void accept() {
        while (!relay.isClosed()) {
            try {
                Socket client = relay.accept();
                if (!up) {
                    client.setSoLinger(true, 0); // a reset, not an orderly close
                    client.close();
                    continue;
                }
                Socket database = new Socket(InetAddress.getLoopbackAddress(), server.getPort());
                open.add(client);
                open.add(database);
                pump(client, database);
                pump(database, client);
            } catch (IOException e) {
                // the relay closed, or one connection failed: go on while the relay is open
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "switchable-database-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws Exception {
        relay.close();
        stop();
        server.stop();
        keeper.close();
    }
}
