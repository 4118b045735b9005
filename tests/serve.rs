//! `jianghua serve` over a real socket: the guard (token, cookie, Host,
//! body limit), the JSON API, and hostile input getting the answers the
//! command line gives.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value as Json, json};

#[path = "shared/hostile_profiles.rs"]
mod hostile_profiles;

/// A server for one test, stopped when dropped.
struct Server {
    child: Child,
    /// Kept open: the server writes to it.
    _out: BufReader<std::process::ChildStdout>,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .arg("serve")
        .args(args)
        .env_remove("JIANGHUA_TEMPLATES")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let port: u16 = url
        .split(['/', ' '])
        .next()
        .and_then(|a| a.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap();
    let token = url
        .split("token=")
        .nth(1)
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    Server {
        child,
        _out: out,
        port,
        token,
    }
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request; `host` None sends the server's own address.
fn http(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    host: Option<&str>,
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let own = format!("127.0.0.1:{}", s.port);
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        host.unwrap_or(&own),
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    // A refused body may close the connection before it is all sent.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a whole answer");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 4 + size..];
    }
}

/// `path` with the server's token added to its query.
fn with_token(s: &Server, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}token={}", s.token)
}

fn get(s: &Server, path: &str) -> Answer {
    http(s, "GET", &with_token(s, path), &[], None, b"")
}

fn post(s: &Server, path: &str, body: &[u8]) -> Answer {
    http(s, "POST", &with_token(s, path), &[], None, body)
}

fn post_json(s: &Server, path: &str, body: &Json) -> Answer {
    post(s, path, body.to_string().as_bytes())
}

/// A profile's values as the page's form holds them.
fn form_values(s: &Server, text: &str) -> Json {
    let r = post(s, "/api/profile", text.as_bytes()).json();
    assert_eq!(r["errors"], json!([]), "{r}");
    r["profile"].clone()
}

fn example(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::read_to_string(root.join(name)).unwrap()
}

/// The example profile with what it extends merged in: a page has no
/// files to extend.
fn qingshan() -> String {
    let own = example("qingshan-jiedao.toml");
    let base = example("common/qingshan-qu.toml");
    let own: String = own
        .lines()
        .filter(|l| !l.starts_with("extends"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut merged: toml::Table = toml::from_str(&base).unwrap();
    let over: toml::Table = toml::from_str(&own).unwrap();
    for (k, v) in over {
        match (merged.get_mut(&k), v) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => a.extend(b),
            (_, v) => {
                merged.insert(k, v);
            }
        }
    }
    toml::to_string(&merged).unwrap()
}

/// What `jianghua check` says of a profile's text: its 错误 lines.
fn cli_errors(text: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .args(["check", "p.toml"])
        .current_dir(dir.path())
        .env_remove("JIANGHUA_TEMPLATES")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    // The server names a profile sent to it 配置.toml.
    (String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout))
        .replace("p.toml", "配置.toml")
}

#[test]
fn every_request_needs_the_token() {
    let s = serve(&[]);
    assert_eq!(s.token.len(), 32);
    let r = http(&s, "GET", "/api/packs", &[], None, b"");
    assert_eq!(r.status, 401);
    assert!(r.json()["error"].as_str().unwrap().contains("令牌"));
    let r = http(&s, "GET", "/", &[], None, b"");
    assert_eq!(r.status, 401);
    assert!(r.text().contains("口令"), "{}", r.text());
    for path in ["/app.js", "/api/render", "/nothing"] {
        assert_eq!(http(&s, "GET", path, &[], None, b"").status, 401, "{path}");
    }
    let r = http(&s, "GET", "/api/packs?token=0123", &[], None, b"");
    assert_eq!(r.status, 401);
    assert!(r.json()["error"].as_str().unwrap().contains("不对"));
    // The right token in the page's address becomes a cookie.
    let r = http(&s, "GET", &format!("/?token={}", s.token), &[], None, b"");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/"));
    let cookie = r.header("set-cookie").unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap();
    let r = http(&s, "GET", "/", &[("Cookie", pair)], None, b"");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("讲话稿工作台"));
    assert!(
        r.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    let wrong = format!("jianghua_{}=x{}", s.port, &s.token[1..]);
    assert_eq!(
        http(&s, "GET", "/api/packs", &[("Cookie", &wrong)], None, b"").status,
        401
    );
}

/// The status of a GET of the packs (token included) sent with Host `host`.
fn status_from(s: &Server, host: &str) -> u16 {
    let path = format!("/api/packs?token={}", s.token);
    http(s, "GET", &path, &[], Some(host), b"").status
}

#[test]
fn the_host_must_be_this_server() {
    let s = serve(&[]);
    let path = format!("/api/packs?token={}", s.token);
    let r = http(&s, "GET", &path, &[], Some("evil.example"), b"");
    assert_eq!(r.status, 403);
    assert!(r.json()["error"].as_str().unwrap().contains("主机名"));
    assert_eq!(
        status_from(&s, &format!("attacker.example:{}", s.port)),
        403
    );
    assert_eq!(status_from(&s, &format!("localhost:{}", s.port)), 200);
    assert_eq!(
        status_from(&s, &format!("127.0.0.1:{}", s.port.wrapping_add(1))),
        403
    );
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let s = serve(&[]);
    let big = vec![b'a'; 1024 * 1024 + 1];
    for path in ["/api/render", "/api/lint", "/api/profile", "/api/download"] {
        let r = post(&s, path, &big);
        assert_eq!(r.status, 413, "{path}");
        assert!(
            r.json()["error"].as_str().unwrap().contains("1 MB"),
            "{path}"
        );
    }
    // Just under the limit is read (and answered on its merits).
    let r = post(&s, "/api/lint", &vec![b'a'; 1024 * 1024 - 16]);
    assert_eq!(r.status, 200);
}

#[test]
fn packs_and_their_forms() {
    let s = serve(&[]);
    let r = get(&s, "/api/packs");
    assert_eq!(r.status, 200);
    let packs = r.json()["packs"].as_array().unwrap().clone();
    assert!(packs.iter().any(|p| p["name"] == "dongyuan"));
    assert!(packs.iter().all(|p| p["title"].is_string()));
    let form = get(&s, "/api/packs/dongyuan").json();
    assert_eq!(form["name"], "dongyuan");
    assert!(form["variables"].as_array().unwrap().len() > 5);
    assert_eq!(form["schema"]["type"], "object");
    let schema = get(&s, "/api/packs/dongyuan/schema").json();
    assert_eq!(schema, form["schema"]);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let r = get(&s, "/api/packs/dongyan");
    assert_eq!(r.status, 404);
    assert!(r.json()["hints"][0].as_str().unwrap().contains("dongyuan"));
    let r = get(&s, "/api/packs/%FF%FE");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("模板包"));
    let r = get(&s, "/api/render");
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].as_str().unwrap().contains("POST"));
    for bad in ["..%2F..%2Fetc", "%2Fetc%2Fpasswd"] {
        assert_eq!(get(&s, &format!("/api/packs/{bad}")).status, 404, "{bad}");
    }
}

#[test]
fn a_profile_renders_checks_and_downloads() {
    let s = serve(&[]);
    let text = qingshan();
    let r = post_json(&s, "/api/render", &json!({ "toml": text }));
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["ok"], true, "{body}");
    let paras = body["paragraphs"].as_array().unwrap();
    assert_eq!(paras[0]["role"], "title");
    assert!(paras.iter().any(|p| p["role"] == "heading"));
    assert!(
        paras
            .iter()
            .any(|p| p["text"].as_str().unwrap().contains("青山街道"))
    );
    assert_eq!(body["findings"].as_array().unwrap().len(), 0, "{body}");
    assert!(body["chars"].as_u64().unwrap() > 1000);

    // The same as form values (as opening the profile gives them), and
    // another seed reads differently.
    let values = form_values(&s, &text);
    let a = post_json(&s, "/api/render", &json!({ "profile": values, "seed": 0 })).json();
    let b = post_json(&s, "/api/render", &json!({ "profile": values, "seed": 1 })).json();
    assert_eq!(a["paragraphs"], body["paragraphs"]);
    assert_ne!(a["paragraphs"], b["paragraphs"]);

    // A mask is a finding, placed in its paragraph, and named by its value.
    let masked = text.replace("name = \"青山街道\"", "name = \"**街道\"");
    let body = post_json(&s, "/api/render", &json!({ "toml": masked })).json();
    let f = &body["findings"][0];
    assert_eq!(f["severity"], "error", "{body}");
    assert!(f["text"].as_str().unwrap().contains("**"), "{f}");
    let p = f["paragraph"].as_u64().unwrap() as usize;
    let para = body["paragraphs"][p - 1]["text"].as_str().unwrap();
    let col = f["column"].as_u64().unwrap() as usize;
    assert!(
        para.chars()
            .skip(col - 1)
            .collect::<String>()
            .starts_with("**")
    );
    assert_eq!(f["origin"]["profile"]["key"], "unit.name");

    let r = post_json(&s, "/api/download?format=docx", &json!({ "toml": text }));
    assert_eq!(r.status, 200);
    assert!(r.header("content-disposition").unwrap().contains(".docx"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("青山街道"));
    for format in ["txt", "md", "html"] {
        let r = post_json(
            &s,
            &format!("/api/download?format={format}"),
            &json!({ "toml": text }),
        );
        assert_eq!(r.status, 200, "{format}");
        assert!(r.text().contains("青山街道"), "{format}");
    }
    let r = post_json(&s, "/api/download?format=pdf", &json!({ "toml": text }));
    assert_eq!(r.status, 400);
    assert!(r.json()["hints"][0].as_str().unwrap().contains("docx"));

    // The form saved as TOML is a profile the command line takes.
    let r = post_json(
        &s,
        "/api/download?format=toml",
        &json!({ "template": "dongyuan", "profile": values }),
    );
    assert_eq!(r.status, 200);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), &r.body).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .args(["generate", "p.toml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("青山街道"));
}

#[test]
fn profile_problems_are_placed_at_fields_in_the_cli_words() {
    let s = serve(&[]);
    let text = qingshan().replace("months = 6", "months = \"六\"");
    assert!(text.contains("months = \"六\""));
    let cli = cli_errors(text.as_bytes());
    let body = post_json(&s, "/api/render", &json!({ "toml": text })).json();
    assert_eq!(body["ok"], false);
    let e = &body["errors"][0];
    assert_eq!(e["field"], "campaign.months", "{body}");
    assert!(cli.contains(e["message"].as_str().unwrap()), "{cli}\n{e}");

    // Opening the profile gives its values for the form and the same problem.
    let r = post(&s, "/api/profile", text.as_bytes()).json();
    assert_eq!(r["template"], "dongyuan");
    assert_eq!(r["profile"]["campaign"]["months"], "六");
    assert_eq!(r["errors"][0]["field"], "campaign.months");

    // Form values: a list item and a record field are named as the form has them.
    let mut values = form_values(&s, &qingshan());
    values["tasks"][1] = json!(7);
    values["unit"]["name"] = json!("");
    let body = post_json(
        &s,
        "/api/render",
        &json!({ "template": "dongyuan", "profile": values }),
    )
    .json();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(fields.contains(&"tasks[2]"), "{body}");
    assert!(fields.contains(&"unit.name"), "{body}");
}

#[test]
fn requests_share_nothing_and_read_no_server_files() {
    let s = serve(&[]);
    let secret = tempfile::tempdir().unwrap();
    let path = secret.path().join("other.toml");
    std::fs::write(&path, "[unit]\nname = \"机密单位\"\n").unwrap();
    let text = format!("extends = \"{}\"\n{}", path.display(), qingshan());
    let body = post_json(&s, "/api/render", &json!({ "toml": text })).json();
    assert_eq!(body["ok"], false);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("extends")
    );
    assert!(!body.to_string().contains("机密单位"));
    let values = json!({ "extends": path.display().to_string(), "unit": { "name": "甲" } });
    let body = post_json(
        &s,
        "/api/render",
        &json!({ "template": "dongyuan", "profile": values }),
    )
    .json();
    assert!(!body.to_string().contains("机密单位"), "{body}");
    // One user's profile leaves no trace in the next answer.
    let first = qingshan().replace("青山街道", "白沙街道");
    post_json(&s, "/api/render", &json!({ "toml": first }));
    let body = post_json(&s, "/api/render", &json!({ "toml": qingshan() })).json();
    assert!(!body.to_string().contains("白沙"));
}

#[test]
fn hostile_input_gets_the_cli_answers() {
    let s = serve(&[]);
    for case in hostile_profiles::profiles(&qingshan()) {
        let what = case.what;
        let cli = cli_errors(&case.bytes);
        assert!(cli.contains(case.needle), "cli {what}: {cli}");
        let r = post(&s, "/api/profile", &case.bytes);
        let answer = r.text();
        assert!(r.status < 500, "{what}: {answer}");
        // The first message is the command line's, word for word.
        let body = r.json();
        let first = body["errors"][0]["message"]
            .as_str()
            .or(body["error"].as_str())
            .unwrap_or_else(|| panic!("{what}: {answer}"));
        // The words asked for are in it or its hints.
        let said = format!("{first}{}", body["errors"][0]["hints"]);
        assert!(said.contains(case.needle), "api {what}: {answer}");
        assert!(cli.contains(first), "{what}: {first}\n{cli}");
        if case.syntax {
            assert!(!hostile_profiles::has_english(&said), "{what}: {said}");
        }
        if let Ok(text) = String::from_utf8(case.bytes) {
            let r = post_json(&s, "/api/render", &json!({ "toml": text }));
            let body = r.json();
            let first = body["errors"][0]["message"]
                .as_str()
                .or(body["error"].as_str())
                .unwrap_or_default();
            assert!(
                r.status < 500 && !first.is_empty() && cli.contains(first),
                "render {what}: {body}"
            );
        }
    }
    // Thousands of problems: the first fifty, and a count, as the command line.
    let points: Vec<String> = (0..10_000).map(|i| format!("\"nope{i}\"")).collect();
    let text = format!("points = [{}]\n{}", points.join(", "), qingshan());
    let body = post_json(&s, "/api/render", &json!({ "toml": text })).json();
    assert_eq!(body["errors"].as_array().unwrap().len(), 50);
    assert_eq!(body["unlisted"], 9950);
    assert!(cli_errors(text.as_bytes()).contains("还有 9950 处问题未列出"));
    // Broken requests are told what a request looks like.
    for body in [
        &b"{"[..],
        b"[]",
        b"{\"seed\": -1}",
        b"{\"profile\": 3, \"template\": \"dongyuan\"}",
    ] {
        let r = post(&s, "/api/render", body);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(body));
        assert!(r.json()["error"].as_str().is_some());
    }
    // A fake Word file and garbage text are checked or refused, never a crash.
    let r = post(&s, "/api/lint?name=稿.docx", b"PK\x03\x04 not a zip");
    assert!(
        r.status == 422 && r.json()["error"].is_string(),
        "{}",
        r.text()
    );
    let garbage: Vec<u8> = (0..20000u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert!(post(&s, "/api/lint?name=x.txt", &garbage).status < 500);
}

#[test]
fn a_draft_edited_by_hand_is_checked() {
    let s = serve(&[]);
    let text = "同志们：\n今天召开**街道动员会。我讲三点意见。\n一是抓落实。\n";
    let body = post(&s, "/api/lint", text.as_bytes()).json();
    let codes: Vec<&str> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.is_empty(), "{body}");
    assert_eq!(body["paragraphs"].as_array().unwrap().len(), 3);
    // A Word file from the download is read back.
    let docx = post_json(
        &s,
        "/api/download?format=docx",
        &json!({ "toml": qingshan() }),
    );
    let body = post(&s, "/api/lint?name=稿.docx", &docx.body).json();
    assert!(body["paragraphs"].as_array().unwrap().len() > 10, "{body}");
}

#[test]
fn the_network_needs_a_password() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jianghua"))
            .arg("serve")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["--listen", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("必须同时设置口令"));
    let out = run(&["--listen", "0.0.0.0:0", "--password", "short"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("口令太短"));
    // With one, the address printed carries no token; the password opens it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pw"), "office-secret-1\n").unwrap();
    let file = dir.path().join("pw");
    let mut s = serve(&[
        "--listen",
        "0.0.0.0:0",
        "--password-file",
        file.to_str().unwrap(),
        "--host-name",
        "bgs-pc",
    ]);
    assert!(s.token.is_empty());
    s.token = "office-secret-1".into();
    assert_eq!(get(&s, "/api/packs").status, 200);
    assert_eq!(
        http(
            &s,
            "GET",
            "/api/packs",
            &[],
            Some(&format!("10.1.2.3:{}", s.port)),
            b""
        )
        .status,
        401
    );
    // The password box posts its answer: a wrong one is refused, the right
    // one becomes the cookie.
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let r = http(&s, "POST", "/login", &form, None, b"token=office-secret-2");
    assert_eq!(r.status, 401);
    assert!(r.text().contains("口令不对"));
    let r = http(&s, "POST", "/login", &form, None, b"token=office-secret-1");
    assert_eq!(r.status, 303);
    let cookie = r
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let r = http(&s, "GET", "/api/packs", &[("Cookie", &cookie)], None, b"");
    assert_eq!(r.status, 200);
    // Names given with --host-name reach it; others are another site.
    assert_eq!(status_from(&s, &format!("bgs-pc:{}", s.port)), 200);
    assert_eq!(status_from(&s, &format!("other-pc:{}", s.port)), 403);
}

#[test]
fn a_port_in_use_is_told() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_jianghua"))
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("无法在 127.0.0.1:") && err.contains("监听"),
        "{err}"
    );
}

#[test]
fn a_password_in_chinese_opens_the_page() {
    let password = "办公室的口令：春风 2027";
    let mut s = serve(&["--password", password]);
    assert!(s.token.is_empty());
    let encoded: String = password
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let body = format!("token={encoded}");
    let r = http(&s, "POST", "/login", &form, None, body.as_bytes());
    assert_eq!(r.status, 303, "{}", r.text());
    let cookie = r
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        !cookie.contains("2027"),
        "the cookie is not the password: {cookie}"
    );
    let r = http(&s, "GET", "/api/packs", &[("Cookie", &cookie)], None, b"");
    assert_eq!(r.status, 200);
    // In the address, too.
    s.token = encoded;
    assert_eq!(get(&s, "/api/packs").status, 200);
}
