//! The built client, served from memory. Every file of `dist/` is read once at start with its
//! brotli (quality 11) and gzip copies: the build writes them next to each file
//! (`scripts/compress-dist.sh`); a file without them (a test's stand-in `dist/`, a hand-made
//! one) is compressed once here, at start. A request never compresses anything: it picks the
//! copy its `Accept-Encoding` allows and sends bytes already in memory.

use axum::body::Body;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::first_paint::{self, Variant};

/// One file in its three encodings.
struct Asset {
    content_type: &'static str,
    raw: Bytes,
    br: Bytes,
    gzip: Bytes,
    etag: HeaderValue,
}

/// Every file of `dist/` by URL path (`/app-3f2a….wasm`), and `index.html`, which answers
/// every client route.
#[derive(Clone)]
pub struct Assets {
    files: Arc<HashMap<String, Asset>>,
    /// `index.html` filled in for each kind of visitor (`first_paint`), made at start.
    pages: Arc<HashMap<Variant, Asset>>,
}

/// Files smaller than this go uncompressed: the encoding would cost more than it saves.
const MIN_COMPRESS: usize = 512;

impl Assets {
    /// Reads `dist/`. A missing folder gives no files (the API still works; pages 404).
    pub fn load(dist: &Path) -> Assets {
        let mut files = HashMap::new();
        let mut stack = vec![dist.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.to_string_lossy();
                if name.ends_with(".br") || name.ends_with(".gz") {
                    continue;
                }
                let Ok(raw) = std::fs::read(&path) else {
                    continue;
                };
                let Ok(rel) = path.strip_prefix(dist) else {
                    continue;
                };
                let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
                files.insert(url, Asset::new(&path, raw));
            }
        }
        let pages = match files.get("/index.html") {
            Some(index) => {
                let template = String::from_utf8_lossy(&index.raw).into_owned();
                Variant::all()
                    .map(|v| {
                        let page = first_paint::render(&template, v).into_bytes();
                        (v, Asset::made(index.content_type, page))
                    })
                    .collect()
            }
            None => HashMap::new(),
        };
        Assets {
            files: Arc::new(files),
            pages: Arc::new(pages),
        }
    }

    /// The built `index.html` as trunk wrote it (empty without one).
    pub fn index_html(&self) -> &str {
        self.get("/index.html")
            .and_then(|index| std::str::from_utf8(&index.raw).ok())
            .unwrap_or_default()
    }

    fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }
}

impl Asset {
    fn new(path: &Path, raw: Vec<u8>) -> Asset {
        let sibling = |ext: &str| {
            let mut p = path.as_os_str().to_owned();
            p.push(ext);
            std::fs::read(p).ok()
        };
        let compressible = raw.len() >= MIN_COMPRESS;
        let content_type = content_type(path);
        // A copy is trusted only if it decodes to the file: a stale one (the file rebuilt, the
        // copy not) is made again rather than served.
        let br = match sibling(".br") {
            _ if !compressible => Vec::new(),
            Some(copy) if unbrotli(&copy).as_deref() == Some(&raw[..]) => copy,
            _ => brotli_11(&raw),
        };
        let gzip = match sibling(".gz") {
            _ if !compressible => Vec::new(),
            Some(copy) if ungzip(&copy).as_deref() == Some(&raw[..]) => copy,
            _ => gzip_9(&raw),
        };
        Asset::with_copies(content_type, raw, br, gzip)
    }

    /// A file made here (a page variant): compressed once, now.
    fn made(content_type: &'static str, raw: Vec<u8>) -> Asset {
        let (br, gzip) = if raw.len() >= MIN_COMPRESS {
            (brotli_11(&raw), gzip_9(&raw))
        } else {
            (Vec::new(), Vec::new())
        };
        Asset::with_copies(content_type, raw, br, gzip)
    }

    fn with_copies(content_type: &'static str, raw: Vec<u8>, br: Vec<u8>, gzip: Vec<u8>) -> Asset {
        let etag = HeaderValue::from_str(&format!("\"{}\"", &digest_hex(&raw)[..16]))
            .expect("hex is a valid header value");
        Asset {
            content_type,
            raw: raw.into(),
            br: br.into(),
            gzip: gzip.into(),
            etag,
        }
    }
}

fn digest_hex(raw: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    super::hex(&Sha256::digest(raw))
}

fn brotli_11(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(raw).expect("writing to memory");
    }
    out
}

fn gzip_9(raw: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(raw).expect("writing to memory");
    w.finish().expect("writing to memory")
}

fn unbrotli(copy: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    brotli::Decompressor::new(copy, 4096)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn ungzip(copy: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(copy)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Which encodings the request accepts, by `Accept-Encoding` (a `q=0` refuses one).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
        })
}

/// Serves a file of `dist/`, or `index.html` for a client route (a path without a file
/// extension). A missing file with an extension is a 404, not the page.
pub async fn serve(State(assets): State<Assets>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return status(StatusCode::METHOD_NOT_ALLOWED);
    }
    let path = req.uri().path();
    let headers = req.headers();
    let last = path.rsplit('/').next().unwrap_or("");
    let is_page = path == "/index.html" || !last.contains('.');
    let found = if is_page {
        assets.pages.get(&Variant::of(path, headers))
    } else {
        assets.get(path)
    };
    let Some(asset) = found else {
        return status(StatusCode::NOT_FOUND);
    };
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == asset.etag.as_bytes());
    let (body, encoding) = if !asset.br.is_empty() && accepts(headers, "br") {
        (asset.br.clone(), Some("br"))
    } else if !asset.gzip.is_empty() && accepts(headers, "gzip") {
        (asset.gzip.clone(), Some("gzip"))
    } else {
        (asset.raw.clone(), None)
    };
    let mut res = Response::builder()
        .status(if not_modified {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        })
        .header(header::CONTENT_TYPE, asset.content_type)
        .header(header::ETAG, asset.etag.clone())
        // A page differs by language, theme and session (`first_paint`), all read from these.
        .header(
            header::VARY,
            if is_page {
                "accept-encoding, accept-language, cookie"
            } else {
                "accept-encoding"
            },
        );
    if let Some(e) = encoding {
        res = res.header(header::CONTENT_ENCODING, e);
    }
    let body = if not_modified || req.method() == Method::HEAD {
        res = res.header(header::CONTENT_LENGTH, body.len());
        Body::empty()
    } else {
        Body::from(body)
    };
    res.body(body).expect("a valid response")
}

fn status(code: StatusCode) -> Response {
    Response::builder()
        .status(code)
        .body(Body::empty())
        .expect("a valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        h
    }

    #[test]
    fn accept_encoding_is_read_with_its_refusals() {
        assert!(accepts(&headers("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&headers("gzip"), "gzip"));
        assert!(!accepts(&headers("gzip"), "br"));
        assert!(!accepts(&headers("br;q=0, gzip"), "br"));
        assert!(accepts(&headers("*"), "br"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn the_compressed_copies_decode_to_the_file() {
        let raw: Vec<u8> = "Partner Benefits 파트너 혜택 ".repeat(200).into_bytes();
        assert_eq!(unbrotli(&brotli_11(&raw)).unwrap(), raw);
        assert_eq!(ungzip(&gzip_9(&raw)).unwrap(), raw);
        assert_eq!(unbrotli(b"not brotli"), None);
    }

    #[test]
    fn a_stale_copy_beside_a_file_is_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app.js");
        let old = "console.log('old');".repeat(100);
        let new = "console.log('new');".repeat(100);
        std::fs::write(&file, &new).unwrap();
        std::fs::write(dir.path().join("app.js.br"), brotli_11(old.as_bytes())).unwrap();
        std::fs::write(dir.path().join("app.js.gz"), gzip_9(new.as_bytes())).unwrap();
        let assets = Assets::load(dir.path());
        let a = assets.get("/app.js").unwrap();
        assert_eq!(unbrotli(&a.br).unwrap(), new.as_bytes());
        assert_eq!(ungzip(&a.gzip).unwrap(), new.as_bytes());
    }
}
