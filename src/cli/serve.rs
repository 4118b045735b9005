//! `jianghua serve`: the web workbench on this computer (or, with a
//! password, for the office network).

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::Args;

use jianghua::Diagnostic;
use jianghua::workbench::{Workbench, server};

use super::{CliError, CliResult, Env, Outcome};

/// The shortest password a server on the network takes.
const MIN_PASSWORD: usize = 8;

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// 端口（默认找一个空闲端口）
    #[arg(short = 'p', long, value_name = "端口", conflicts_with = "listen")]
    port: Option<u16>,

    /// 监听的地址和端口，如 0.0.0.0:8080，让局域网里的其他电脑也能打开（必须同时设置口令）
    #[arg(long, value_name = "地址:端口")]
    listen: Option<SocketAddr>,

    /// 访问口令（至少 8 个字符）；不设时每次启动生成一个随机令牌，写在显示的网址里
    #[arg(long, value_name = "口令", conflicts_with = "password_file")]
    password: Option<String>,

    /// 从文件第一行读取访问口令（免得口令留在命令历史里）
    #[arg(long, value_name = "文件")]
    password_file: Option<PathBuf>,

    /// 同事用来访问本机的主机名（如 bgs-pc），可重复；不写时只能用 IP 地址访问
    #[arg(long = "host-name", value_name = "主机名", requires = "listen")]
    host_names: Vec<String>,

    #[command(flatten)]
    pub(super) dirs: super::PackDirs,
}

fn usage(message: &str, hint: &str) -> CliError {
    CliError::Usage(Diagnostic::new(message).hint(hint))
}

impl ServeArgs {
    fn password(&self) -> Result<Option<String>, CliError> {
        let password = match &self.password_file {
            Some(path) => {
                let text = jianghua::source::Source::read(path)?.text;
                Some(text.lines().next().unwrap_or_default().trim().to_owned())
            }
            None => self.password.clone(),
        };
        match password {
            Some(p) if p.chars().count() < MIN_PASSWORD => Err(usage(
                &format!("口令太短：至少要 {MIN_PASSWORD} 个字符"),
                "口令会在局域网中保护所有人填写的内容，请设得长一些",
            )),
            p => Ok(p),
        }
    }

    fn config(&self) -> Result<server::Config, CliError> {
        let listen = self.listen.unwrap_or_else(|| {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), self.port.unwrap_or(0))
        });
        let password = self.password()?;
        if !listen.ip().is_loopback() && password.is_none() {
            return Err(usage(
                &format!("--listen {listen} 让其他电脑也能打开工作台，必须同时设置口令"),
                "加上 --password 口令 或 --password-file 文件；只在本机使用时不要写 --listen",
            ));
        }
        let token = match password {
            Some(p) => p,
            None => server::random_token()?,
        };
        Ok(server::Config {
            listen,
            token,
            names: self.host_names.clone(),
        })
    }
}

pub(super) fn run(env: &Env, args: &ServeArgs) -> CliResult {
    let config = args.config()?;
    let workbench = Workbench::new(env.catalog()?);
    let with_password = args.password.is_some() || args.password_file.is_some();
    server::run(&config, workbench, |bound| {
        let local = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), bound.port());
        let mut lines = if with_password {
            format!("讲话稿工作台已启动：http://{local}/ （输入口令进入）\n")
        } else {
            format!(
                "讲话稿工作台已启动：http://{local}/?token={}\n",
                config.token
            )
        };
        if config.public() {
            lines.push_str(&format!(
                "局域网中的其他电脑：用浏览器打开 http://本机IP地址:{}/ ，输入口令\n",
                bound.port()
            ));
        }
        // Whoever started us may have stopped reading (a script that took
        // the address): the server goes on all the same.
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(lines.as_bytes()).and_then(|()| out.flush());
        super::say!("在浏览器中打开上面的网址；按 Ctrl+C 停止");
    })?;
    Ok(Outcome::Success)
}
