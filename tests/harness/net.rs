//! A loopback address where nothing answers.

use socket2::{Domain, Socket, Type};

/// A loopback port bound but never listened on: a connection to it is refused at once.
/// While this value lives the port stays taken, so no server started beside it (the tests
/// of this binary run on several threads, each starting its own servers on ports the system
/// picks) can land on it, as one could on a port that was merely free a moment ago.
pub struct Unanswered {
    _socket: Socket,
    port: u16,
}

impl Unanswered {
    pub fn new() -> Self {
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a TCP socket");
        socket
            .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
            .expect("binding a loopback port");
        let port = socket
            .local_addr()
            .expect("the bound address")
            .as_socket()
            .expect("an IP address")
            .port();
        Self {
            _socket: socket,
            port,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Default for Unanswered {
    fn default() -> Self {
        Self::new()
    }
}
