//! The library's typed errors, and the diagnostics they turn into for users.
//!
//! Every message is in Simplified Chinese: the people who read them are office
//! staff, not programmers. Where a file position is known it travels with the
//! error, so the command line can show the line with a caret under it.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// How many problems of one profile or table are shown: a file with
/// thousands shows the first ones and a count, since the same mistake
/// repeated says nothing more.
pub const LISTED_PROBLEMS: usize = 50;

/// Where in a file something is; lines and columns are 1-based, columns count
/// characters (not bytes), so carets line up under Chinese text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The text of the line, for the snippet under the message: the whole
    /// line, or a window of a long one.
    pub line_text: Option<String>,
    /// The column where `line_text` starts (1 for the whole line), and
    /// whether the line goes on after it.
    pub excerpt_from: u32,
    pub excerpt_more: bool,
    /// How many characters the caret covers.
    pub width: usize,
}

/// One thing wrong, ready to show: a message, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Boxed: diagnostics travel in `Result`s, and most have no place.
    pub location: Option<Box<Location>>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            location: None,
            hints: Vec::new(),
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location.map(Box::new);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}：", loc.file, loc.line, loc.column)?;
        }
        f.write_str(&self.message)
    }
}

/// Everything that can go wrong in the library.
/// What an input or output error means, in Chinese: the system's own text is
/// English ("No such file or directory (os error 2)") and may name a
/// temporary file the user never made. Our own errors (already Chinese)
/// are kept as they are.
pub(crate) fn io_zh(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let own = e.to_string();
    // Ours say why in Chinese; the system's do not.
    if own.chars().any(crate::zh::text::is_cjk) {
        return own;
    }
    // ELOOP: too many levels of symbolic links.
    if e.raw_os_error() == Some(40) {
        return "符号链接形成了循环（链接最终指回自己），无法打开".to_owned();
    }
    let what = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已经存在",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "所在的磁盘或文件夹是只读的",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::FileTooLarge => "文件太大",
        K::InvalidFilename => "文件名无效或太长",
        K::CrossesDevices => "不能跨磁盘改名",
        K::Interrupted => "操作被中断",
        K::BrokenPipe => "输出管道已关闭",
        K::UnexpectedEof => "文件没有读完就结束了",
        K::InvalidData => "内容无法识别",
        K::OutOfMemory => "内存不足",
        K::ResourceBusy | K::ExecutableFileBusy => "文件正被占用",
        _ => return format!("系统错误（{own}）"),
    };
    what.to_owned()
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("无法读取 {}：{}", .path.display(), io_zh(.source))]
    Read { path: PathBuf, source: io::Error },

    #[error("{name} 不是有效的 UTF-8 文本：第 {offset} 字节处的编码无法识别")]
    Encoding { name: String, offset: usize },

    #[error("{name} 太大：超过 {} MB 的上限", limit / 1024 / 1024)]
    TooLarge { name: String, limit: u64 },

    /// A TOML file that does not parse (profile or pack.toml).
    #[error("{0}")]
    Syntax(Box<Diagnostic>),

    /// A profile that parses but does not fit the pack's schema; every problem
    /// found is listed, so one run shows them all.
    #[error("配置文件有 {} 处问题", .0.len())]
    Profile(Vec<Diagnostic>),

    /// A spreadsheet of profiles whose cells do not fit the pack; every
    /// problem is listed with its sheet, row and column.
    #[error("表格有 {} 处问题", .0.len())]
    Table(Vec<Diagnostic>),

    /// A template pack that is malformed (pack.toml content, missing files).
    #[error("{0}")]
    Pack(Box<Diagnostic>),

    #[error("找不到模板包 `{name}`")]
    PackNotFound {
        name: String,
        suggestion: Option<String>,
        available: Vec<String>,
    },

    #[error("没有指定模板包")]
    NoPack,

    #[error("`extends` 形成了循环：{}", chain_display(.chain))]
    ExtendsCycle { chain: Vec<PathBuf> },

    /// A section file that handlebars cannot parse.
    #[error("{0}")]
    Template(Box<Diagnostic>),

    /// A template that parses but fails while filling (a missing value, a bad
    /// helper argument).
    #[error("{0}")]
    Render(Box<Diagnostic>),

    /// A batch that cannot start (name collisions, existing outputs); nothing was written.
    #[error("批量任务无法开始，没有写出任何文件")]
    Batch(Vec<Diagnostic>),

    #[error("文件已存在：{}", .0.display())]
    OutputExists(PathBuf),

    #[error("无法写入 {}：{}", .path.display(), io_zh(.source))]
    Write { path: PathBuf, source: io::Error },

    /// The web workbench could not start (a port in use).
    #[error("网页工作台{0}")]
    Serve(String),
}

fn chain_display(chain: &[PathBuf]) -> String {
    chain
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

impl Error {
    /// The error as one or more diagnostics, with hints, for printing.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Self::Syntax(d) | Self::Pack(d) | Self::Template(d) | Self::Render(d) => {
                vec![(**d).clone()]
            }
            Self::Profile(ds) | Self::Batch(ds) | Self::Table(ds) => ds.clone(),
            Self::PackNotFound {
                suggestion,
                available,
                ..
            } => {
                let mut d = Diagnostic::new(self.to_string());
                if let Some(s) = suggestion {
                    d = d.hint(format!("是不是要用 `{s}`？"));
                }
                if !available.is_empty() {
                    d = d.hint(format!("可用的模板包：{}", available.join("、")));
                }
                vec![d.hint("用 `jianghua templates list` 查看全部模板包；自己的模板包用 --templates 目录 指定")]
            }
            Self::NoPack => vec![
                Diagnostic::new(self.to_string())
                    .hint("在配置文件里写 template = \"dongyuan\"，或在命令行加 -t dongyuan"),
            ],
            Self::ExtendsCycle { .. } => vec![
                Diagnostic::new(self.to_string()).hint("检查这些文件的 extends 字段，去掉其中一处"),
            ],
            Self::OutputExists(_) => {
                vec![Diagnostic::new(self.to_string()).hint("加 --force 覆盖，或换一个输出位置")]
            }
            Self::Encoding { .. } => {
                vec![Diagnostic::new(self.to_string()).hint("请把文件另存为 UTF-8 编码后重试")]
            }
            Self::TooLarge { .. } => vec![
                Diagnostic::new(self.to_string())
                    .hint("讲话稿和配置文件一般只有几十 KB；请确认选对了文件"),
            ],
            Self::Read { .. } | Self::Write { .. } | Self::Serve(_) => {
                vec![Diagnostic::new(self.to_string())]
            }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
