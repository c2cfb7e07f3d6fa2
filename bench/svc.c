/*
 * The benchmark's service: answers GET /version.txt on 127.0.0.1:$PORT with the contents of
 * /app/VERSION. One process and one thread serve every connection and keep it open
 * (HTTP/1.1 keep-alive), so that the prober's 100 polls a second per service cost the host a read
 * and a write, not a connection and a fork each (busybox httpd forks per connection: at N = 100
 * that was 10,000 forks a second and the host, not the tools, was measured). Stops at once on
 * SIGTERM, like busybox httpd, so that a stop measures the tools and not a grace period.
 *
 * Built static by bench.sh (cc -O2 -static), so it runs in the busybox image without a libc.
 */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CLIENTS 256
#define BUF 1024

struct client {
    int fd;
    size_t len;
    char buf[BUF];
};

static struct client clients[MAX_CLIENTS];
static struct pollfd fds[MAX_CLIENTS + 1];
static char version[128];

static void on_term(int sig) {
    (void) sig;
    _exit(0);
}

static void drop(struct client *c) {
    close(c->fd);
    c->fd = -1;
    c->len = 0;
}

static void reply(struct client *c, const char *status, const char *body, int keep) {
    char out[512];
    int n = snprintf(out, sizeof out, "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n%s\r\n%s",
                     status, strlen(body), keep ? "" : "Connection: close\r\n", body);
    if (write(c->fd, out, (size_t) n) != n || !keep) {
        drop(c);
    }
}

/* A whole request head is in c->buf: answer it; the prober never pipelines, so the rest is dropped. */
static void serve(struct client *c) {
    char *eol = strstr(c->buf, "\r\n");
    int http10 = eol != NULL && eol - c->buf >= 8 && strncmp(eol - 8, "HTTP/1.0", 8) == 0;
    int keep = !http10 && strcasestr(c->buf, "\r\nconnection: close") == NULL;
    if (strncmp(c->buf, "GET /version.txt ", 17) == 0) {
        reply(c, "200 OK", version, keep);
    } else {
        reply(c, "404 Not Found", "not found\n", keep);
    }
    if (c->fd >= 0) {
        c->len = 0;
    }
}

static void readable(struct client *c) {
    ssize_t n = read(c->fd, c->buf + c->len, BUF - 1 - c->len);
    if (n <= 0) {
        drop(c);
        return;
    }
    c->len += (size_t) n;
    c->buf[c->len] = '\0';
    if (strstr(c->buf, "\r\n\r\n") != NULL) {
        serve(c);
    } else if (c->len >= BUF - 1) {
        reply(c, "400 Bad Request", "request head too long\n", 0);
    }
}

int main(void) {
    const char *port = getenv("PORT");
    if (port == NULL || atoi(port) <= 0 || atoi(port) > 65535) {
        fprintf(stderr, "svc: set PORT to the port to listen on (127.0.0.1)\n");
        return 2;
    }
    FILE *f = fopen("/app/VERSION", "r");
    if (f == NULL || fgets(version, sizeof version - 1, f) == NULL) {
        fprintf(stderr, "svc: cannot read /app/VERSION\n");
        return 2;
    }
    fclose(f);
    if (strchr(version, '\n') == NULL) {
        strcat(version, "\n");
    }
    /* PID 1 ignores signals it has no handler for */
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    signal(SIGPIPE, SIG_IGN);

    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(s, 128) != 0) {
        fprintf(stderr, "svc: cannot listen on 127.0.0.1:%s: %s\n", port, strerror(errno));
        return 1;
    }
    for (int i = 0; i < MAX_CLIENTS; i++) {
        clients[i].fd = -1;
    }
    for (;;) {
        fds[0].fd = s;
        fds[0].events = POLLIN;
        for (int i = 0; i < MAX_CLIENTS; i++) {
            fds[i + 1].fd = clients[i].fd;
            fds[i + 1].events = POLLIN;
            fds[i + 1].revents = 0;
        }
        if (poll(fds, MAX_CLIENTS + 1, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        for (int i = 0; i < MAX_CLIENTS; i++) {
            if (clients[i].fd >= 0 && fds[i + 1].revents != 0) {
                readable(&clients[i]);
            }
        }
        if (fds[0].revents & POLLIN) {
            int c = accept(s, NULL, NULL);
            if (c >= 0) {
                int slot = -1;
                for (int i = 0; i < MAX_CLIENTS && slot < 0; i++) {
                    if (clients[i].fd < 0) {
                        slot = i;
                    }
                }
                if (slot < 0) {
                    close(c); /* full: the client sees a closed connection and tries again */
                } else {
                    clients[slot].fd = c;
                    clients[slot].len = 0;
                }
            }
        }
    }
}
