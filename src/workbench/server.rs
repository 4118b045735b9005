//! The workbench on a socket: axum on tokio. Every request passes one
//! guard: the Host header must name this server (a page of another site
//! whose name was made to resolve to us, DNS rebinding, is refused), and
//! the access token must come with it, in the query (the address printed
//! at start) or in the cookie that address or the password box sets.
//! Bodies are limited.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, FormRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Form, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::{Reply, Workbench};
use crate::error::Error;

/// The largest request body: a profile, or a draft to check.
pub const BODY_LIMIT: usize = 1024 * 1024;

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// How the server is reached.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen: 127.0.0.1 and a free port unless told otherwise.
    pub listen: SocketAddr,
    /// What every request must carry: a random token, or the password
    /// given for a server others on the network reach.
    pub token: String,
    /// Host names besides addresses that reach this server (the machine's
    /// name on the office network).
    pub names: Vec<String>,
}

impl Config {
    /// Whether machines other than this one can reach the server.
    pub fn public(&self) -> bool {
        !self.listen.ip().is_loopback()
    }
}

/// A random token of 128 bits, as hex.
pub fn random_token() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Serve(format!("无法取得随机数：{e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

struct Shared {
    workbench: Workbench,
    token: String,
    bound: SocketAddr,
    public: bool,
    names: Vec<String>,
    /// The cookie's name, and its value: a random key of this run's,
    /// given for the token (a password may hold characters no cookie can).
    cookie: String,
    key: String,
}

/// Binds the socket (so that a port in use is told at once), then serves
/// until Ctrl-C. `ready` is told the bound address before the first request.
pub fn run(
    config: &Config,
    workbench: Workbench,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), Error> {
    let listener = std::net::TcpListener::bind(config.listen).map_err(|e| {
        Error::Serve(format!(
            "无法在 {} 上监听：{}",
            config.listen,
            crate::error::io_zh(&e)
        ))
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Serve(crate::error::io_zh(&e)))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Serve(crate::error::io_zh(&e)))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Serve(format!("无法启动：{}", crate::error::io_zh(&e))))?;
    let shared = Arc::new(Shared {
        workbench,
        token: config.token.clone(),
        bound,
        public: config.public(),
        names: config.names.clone(),
        cookie: format!("jianghua_{}", bound.port()),
        key: random_token()?,
    });
    let app = router(shared);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Serve(crate::error::io_zh(&e)))?;
        ready(bound);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Serve(crate::error::io_zh(&e)))
    })
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset(PAGE, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { asset(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .route("/login", post(login))
        .route("/api/packs", get(packs))
        .route("/api/packs/{name}", get(pack))
        .route("/api/packs/{name}/schema", get(schema))
        .route("/api/render", post(render))
        .route("/api/download", post(download))
        .route("/api/profile", post(profile))
        .route("/api/lint", post(lint))
        .fallback(|| async {
            reply(Reply::Json {
                status: 404,
                body: json!({ "error": "没有这个地址" }),
            })
        })
        .method_not_allowed_fallback(|| async {
            reply(Reply::Json {
                status: 405,
                body: json!({ "error": "这个地址不接受这种请求方法（查看用 GET，生成、下载、检查用 POST）" }),
            })
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

fn asset(text: &'static str, mime: &'static str) -> Response {
    ([(header::CONTENT_TYPE, mime)], text).into_response()
}

/// The Host header names this server: a loopback address or `localhost`
/// with our port, or for a server on the network any address literal or a
/// name it was given, with our port. A rebinding attack comes with its own
/// domain name.
fn host_ok(host: &str, bound: SocketAddr, public: bool, names: &[String]) -> bool {
    let Some((name, port)) = host.rsplit_once(':') else {
        return false;
    };
    if port.parse::<u16>().ok() != Some(bound.port()) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") || names.iter().any(|n| n.eq_ignore_ascii_case(name))
    {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => public || ip.is_loopback() || ip == bound.ip(),
        Err(_) => false,
    }
}

/// Compares without stopping at the first difference, so that the time a
/// refusal takes does not tell how much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The query's parameters; one that cannot be read counts as absent.
fn query(uri: &Uri) -> HashMap<String, String> {
    Query::try_from_uri(uri)
        .map(|Query(q)| q)
        .unwrap_or_default()
}

fn cookie_token<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_ok(host, shared.bound, shared.public, &shared.names) {
        return secure(refusal(
            StatusCode::FORBIDDEN,
            "请求的主机名不是本服务的地址，已拒绝（防止其他网站借用本服务）",
            req.uri().path(),
        ));
    }
    // The password box's answer is checked by its handler.
    if req.uri().path() == "/login" {
        return secure(next.run(req).await);
    }
    let query = query(req.uri());
    let api = req.uri().path().starts_with("/api/");
    if let Some(given) = query.get("token") {
        if !same(given, &shared.token) {
            return secure(refusal(
                StatusCode::UNAUTHORIZED,
                "访问令牌（口令）不对",
                req.uri().path(),
            ));
        }
        // The page's address with the token becomes a cookie and a clean
        // address, so that the token is not left in the history or on screen.
        if req.method() == Method::GET && !api {
            return secure(enter(&shared));
        }
    } else if !cookie_token(req.headers(), &shared.cookie).is_some_and(|t| same(t, &shared.key)) {
        return secure(refusal(
            StatusCode::UNAUTHORIZED,
            "需要访问令牌：请打开 jianghua serve 启动时显示的网址，或输入口令",
            req.uri().path(),
        ));
    }
    secure(next.run(req).await)
}

/// The way in: this run's key as a cookie (the page's scripts send it
/// with every request; other sites' pages cannot), and the page without
/// the token in its address.
fn enter(shared: &Shared) -> Response {
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        shared.cookie, shared.key
    );
    let mut res = StatusCode::SEE_OTHER.into_response();
    let headers = res.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, v);
    }
    res
}

/// The password box's answer (posted, so that the password is not left in
/// an address). A wrong one is answered after a pause, which makes guessing
/// slow.
async fn login(
    State(shared): State<Arc<Shared>>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let given = form.ok().and_then(|Form(mut f)| f.remove("token"));
    if given.is_some_and(|t| same(&t, &shared.token)) {
        return enter(&shared);
    }
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    refusal(StatusCode::UNAUTHORIZED, "口令不对，请重新输入", "/login")
}

/// A refusal: JSON for the API, a page with a password box otherwise.
fn refusal(status: StatusCode, message: &str, path: &str) -> Response {
    if path.starts_with("/api/") {
        return (status, axum::Json(json!({ "error": message }))).into_response();
    }
    let page = format!(
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>讲话稿工作台</title>\
         <body><h1>讲话稿工作台</h1>\
         <p>{message}</p><form method=\"post\" action=\"/login\"><label>口令 <input type=\"password\" name=\"token\" autofocus></label> \
         <button>进入</button></form></body></html>"
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Headers every answer carries: the page runs only its own script and
/// style, is framed by no other page, and leaks no address.
fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn reply(r: Reply) -> Response {
    match r {
        Reply::Json { status, body } => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            axum::Json(body),
        )
            .into_response(),
        Reply::File { name, mime, bytes } => {
            // Browsers take the UTF-8 name; the plain one is for the rest.
            let ext = name.rsplit_once('.').map_or("txt", |(_, e)| e);
            let disposition = format!(
                "attachment; filename=\"jianghua.{ext}\"; filename*=UTF-8''{}",
                percent_encode(&name)
            );
            let mut res = Response::new(Body::from(bytes));
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
    }
}

/// RFC 5987's encoding of a file name for `filename*`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Runs `f` on the request's body off the async threads (rendering is work
/// for a processor, and the other clients should not wait behind it); a
/// body the limit stopped, or that could not be read, is told in Chinese.
async fn with_body(
    b: Result<Bytes, BytesRejection>,
    f: impl FnOnce(Bytes) -> Reply + Send + 'static,
) -> Response {
    match b {
        Ok(b) => work(move || f(b)).await,
        Err(e) => {
            let status = e.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("请求太大：超过 {} MB 的上限", BODY_LIMIT / 1024 / 1024)
            } else {
                "请求的内容无法读取".to_owned()
            };
            (status, axum::Json(json!({ "error": message }))).into_response()
        }
    }
}

async fn work(f: impl FnOnce() -> Reply + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => reply(r),
        Err(_) => reply(Reply::Json {
            status: 500,
            body: json!({ "error": "jianghua 内部出错，这是程序的缺陷；请把所填内容发给维护者" }),
        }),
    }
}

async fn packs(State(s): State<Arc<Shared>>) -> Response {
    work(move || s.workbench.packs()).await
}

/// A request about the pack the address names.
async fn about_pack(
    s: Arc<Shared>,
    name: Result<Path<String>, PathRejection>,
    f: fn(&Workbench, &str) -> Reply,
) -> Response {
    match name {
        Ok(Path(name)) => work(move || f(&s.workbench, &name)).await,
        Err(_) => reply(Reply::Json {
            status: 404,
            body: json!({ "error": "模板包名称无法识别" }),
        }),
    }
}

async fn pack(State(s): State<Arc<Shared>>, name: Result<Path<String>, PathRejection>) -> Response {
    about_pack(s, name, Workbench::pack).await
}

async fn schema(
    State(s): State<Arc<Shared>>,
    name: Result<Path<String>, PathRejection>,
) -> Response {
    about_pack(s, name, Workbench::schema).await
}

async fn render(State(s): State<Arc<Shared>>, b: Result<Bytes, BytesRejection>) -> Response {
    with_body(b, move |b| s.workbench.render(&b)).await
}

async fn download(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    b: Result<Bytes, BytesRejection>,
) -> Response {
    let format = query(&uri)
        .remove("format")
        .unwrap_or_else(|| "docx".to_owned());
    with_body(b, move |b| s.workbench.download(&b, &format)).await
}

async fn profile(State(s): State<Arc<Shared>>, b: Result<Bytes, BytesRejection>) -> Response {
    with_body(b, move |b| s.workbench.profile(b.to_vec())).await
}

async fn lint(
    State(s): State<Arc<Shared>>,
    uri: Uri,
    b: Result<Bytes, BytesRejection>,
) -> Response {
    let name = query(&uri).remove("name").unwrap_or_default();
    with_body(b, move |b| s.workbench.lint(&name, b.to_vec())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_host_must_name_this_server() {
        let local = at("127.0.0.1:8080");
        assert!(host_ok("127.0.0.1:8080", local, false, &[]));
        assert!(host_ok("localhost:8080", local, false, &[]));
        assert!(host_ok("[::1]:8080", local, false, &[]));
        assert!(!host_ok("127.0.0.1:8081", local, false, &[]));
        assert!(!host_ok("evil.example:8080", local, false, &[]));
        assert!(!host_ok("127.0.0.1", local, false, &[]));
        assert!(!host_ok("192.168.1.5:8080", local, false, &[]));
        assert!(!host_ok("", local, false, &[]));
    }

    #[test]
    fn a_public_server_takes_any_address_but_no_name() {
        let any = at("0.0.0.0:8080");
        assert!(host_ok("192.168.1.5:8080", any, true, &[]));
        assert!(!host_ok("office.example:8080", any, true, &[]));
        let names = ["bgs-pc".to_owned()];
        assert!(host_ok("BGS-PC:8080", any, true, &names));
        assert!(!host_ok("bgs-pc:8081", any, true, &names));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert_eq!(random_token().unwrap().len(), 32);
        assert_ne!(random_token().unwrap(), random_token().unwrap());
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; jianghua_80=tok; b=2"),
        );
        assert_eq!(cookie_token(&h, "jianghua_80"), Some("tok"));
        assert_eq!(cookie_token(&h, "jianghua_81"), None);
    }

    #[test]
    fn file_names_are_encoded_for_the_header() {
        assert_eq!(percent_encode("稿 1.docx"), "%E7%A8%BF%201.docx");
    }
}
