//! The built client, served from memory. Every file of `dist/` is read once at start with its
//! brotli (quality 11) and gzip copies: the build writes them next to each file
//! (`scripts/compress-dist.sh`); a file without them (a test's stand-in `dist/`, a hand-made
//! one) is compressed once here, at start. A request never compresses anything: it picks the
//! copy its `Accept-Encoding` allows and sends bytes already in memory.
//!
//! The build also writes a chunk's copy compressed against the first module (`.dcb`:
//! Compression Dictionary Transport, RFC 9842). The first module's answer says the browser may
//! keep it as a dictionary (`Use-As-Dictionary`); a browser that did names it when it asks for
//! a chunk (`Available-Dictionary`, its SHA-256) and gets that smaller copy. A copy is kept only
//! if its dictionary is a file served here and it decodes, with it, to the file.

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

/// One file in its encodings.
struct Asset {
    content_type: &'static str,
    raw: Bytes,
    br: Bytes,
    gzip: Bytes,
    /// The SHA-256 of `raw`: its ETag, and how a dictionary is named.
    digest: [u8; 32],
    etag: HeaderValue,
    /// The copy compressed against a dictionary, if the build made one that decodes.
    dcb: Option<DictionaryCopy>,
    /// Other files were compressed against this one: the browser should keep it.
    is_dictionary: bool,
}

/// A "dcb" body (RFC 9842: magic, the dictionary's SHA-256, brotli against it), the
/// `Available-Dictionary` value of a browser that holds that dictionary, and the copy's own
/// ETag: a cache revalidating it must not be told a body it can no longer decode is current.
struct DictionaryCopy {
    available: HeaderValue,
    body: Bytes,
    etag: HeaderValue,
}

/// How a "dcb" body starts, before the dictionary's SHA-256.
const DCB_MAGIC: [u8; 4] = [0xff, 0x44, 0x43, 0x42];

/// Which later requests the dictionary is offered for: every `.wasm` at the root. That is the
/// chunks, and the first module too: after a deploy a browser names the old one, which no copy
/// was made against, and gets brotli.
const DICTIONARY_MATCH: &str = "match=\"/*.wasm\"";

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
        let mut dictionary_copies = Vec::new();
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
                if name.ends_with(".br") || name.ends_with(".gz") || name.ends_with(".dcb") {
                    continue;
                }
                let Ok(raw) = std::fs::read(&path) else {
                    continue;
                };
                let Ok(rel) = path.strip_prefix(dist) else {
                    continue;
                };
                let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
                if let Ok(copy) = std::fs::read(sibling(&path, ".dcb")) {
                    dictionary_copies.push((url.clone(), copy));
                }
                files.insert(url, Asset::new(&path, raw));
            }
        }
        attach_dictionary_copies(&mut files, dictionary_copies);
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

/// `app.wasm` + `.br` → `app.wasm.br`.
fn sibling(path: &Path, ext: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(ext);
    p.into()
}

/// Gives each file its dictionary-compressed copy (`url`, the copy as the build wrote it) when
/// the dictionary it names is one of `files` and the copy decodes, with it, to the file; and
/// marks those dictionaries. A stale copy (its file or its dictionary rebuilt) is dropped: the
/// file still goes as brotli.
fn attach_dictionary_copies(files: &mut HashMap<String, Asset>, copies: Vec<(String, Vec<u8>)>) {
    use base64::Engine;
    let by_digest: HashMap<[u8; 32], String> = files
        .iter()
        .map(|(url, a)| (a.digest, url.clone()))
        .collect();
    for (url, copy) in copies {
        let Some((digest, body)) = dcb_parts(&copy) else {
            continue;
        };
        let Some(dictionary) = by_digest.get(&digest) else {
            continue;
        };
        let decoded = unbrotli_with(body, &files[dictionary].raw);
        if decoded.as_deref() != Some(&files[&url].raw[..]) {
            continue;
        }
        let available = format!(
            ":{}:",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        let Ok(available) = HeaderValue::from_str(&available) else {
            continue;
        };
        if let Some(asset) = files.get_mut(&url) {
            let etag = HeaderValue::from_str(&format!("\"{}-dcb\"", etag_hex(&asset.digest)))
                .expect("hex is a valid header value");
            asset.dcb = Some(DictionaryCopy {
                available,
                body: copy.into(),
                etag,
            });
        }
        if let Some(dictionary) = files.get_mut(dictionary) {
            dictionary.is_dictionary = true;
        }
    }
}

/// A "dcb" body's dictionary digest and brotli stream, if it has the RFC's header.
fn dcb_parts(copy: &[u8]) -> Option<([u8; 32], &[u8])> {
    let rest = copy.strip_prefix(&DCB_MAGIC[..])?;
    let digest: [u8; 32] = rest.get(..32)?.try_into().ok()?;
    Some((digest, &rest[32..]))
}

impl Asset {
    fn new(path: &Path, raw: Vec<u8>) -> Asset {
        let sibling = |ext: &str| std::fs::read(sibling(path, ext)).ok();
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
        use sha2::{Digest, Sha256};
        let digest: [u8; 32] = Sha256::digest(&raw).into();
        let etag = HeaderValue::from_str(&format!("\"{}\"", etag_hex(&digest)))
            .expect("hex is a valid header value");
        Asset {
            content_type,
            raw: raw.into(),
            br: br.into(),
            gzip: gzip.into(),
            digest,
            etag,
            dcb: None,
            is_dictionary: false,
        }
    }
}

/// A file's ETag, from its SHA-256 (every copy of it is named by the same one).
fn etag_hex(digest: &[u8; 32]) -> String {
    super::hex(digest)[..16].to_string()
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

/// Decodes brotli compressed against `dictionary` (the body of a "dcb" copy).
fn unbrotli_with(copy: &[u8], dictionary: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut input = [0u8; 4096];
    let mut output = [0u8; 4096];
    brotli_decompressor::BrotliDecompressCustomDict(
        &mut std::io::Cursor::new(copy),
        &mut out,
        &mut input,
        &mut output,
        dictionary.to_vec(),
    )
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

/// Which encodings the request accepts, by `Accept-Encoding` (a `q=0` refuses one; `*`
/// accepts any).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    accepted(headers, coding, true)
}

/// Whether the request names `coding` itself in `Accept-Encoding`, not refused: for an
/// encoding only a browser that knows it can ask for.
fn names(headers: &HeaderMap, coding: &str) -> bool {
    accepted(headers, coding, false)
}

fn accepted(headers: &HeaderMap, coding: &str, wildcard: bool) -> bool {
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
            (name.eq_ignore_ascii_case(coding) || (wildcard && name == "*")) && !refused
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
    // The dictionary copy only for a browser that names the encoding (not `*`) and says it
    // holds that very dictionary.
    let holds_dictionary = |copy: &&DictionaryCopy| {
        names(headers, "dcb")
            && headers
                .get("available-dictionary")
                .is_some_and(|v| v.as_bytes() == copy.available.as_bytes())
    };
    let dictionary_copy = asset.dcb.as_ref().filter(holds_dictionary);
    let (body, encoding) = if let Some(copy) = dictionary_copy {
        (copy.body.clone(), Some("dcb"))
    } else if !asset.br.is_empty() && accepts(headers, "br") {
        (asset.br.clone(), Some("br"))
    } else if !asset.gzip.is_empty() && accepts(headers, "gzip") {
        (asset.gzip.clone(), Some("gzip"))
    } else {
        (asset.raw.clone(), None)
    };
    let etag = dictionary_copy.map_or(&asset.etag, |copy| &copy.etag);
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let mut res = Response::builder()
        .status(if not_modified {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        })
        .header(header::CONTENT_TYPE, asset.content_type)
        .header(header::ETAG, etag.clone())
        // A page differs by language, theme and session (`first_paint`), all read from these.
        .header(
            header::VARY,
            if is_page {
                "accept-encoding, accept-language, cookie"
            } else if asset.dcb.is_some() {
                "accept-encoding, available-dictionary"
            } else {
                "accept-encoding"
            },
        );
    if let Some(e) = encoding {
        res = res.header(header::CONTENT_ENCODING, e);
    }
    if asset.is_dictionary {
        res = res.header("use-as-dictionary", DICTIONARY_MATCH);
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
    use base64::Engine;
    use sha2::{Digest, Sha256};

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

    /// What `scripts/compress-dist.sh` writes for a chunk: the RFC 9842 header, then brotli
    /// against the dictionary.
    fn dcb_copy(raw: &[u8], dictionary: &[u8]) -> Vec<u8> {
        use sha2::{Digest, Sha256};
        let mut out = DCB_MAGIC.to_vec();
        out.extend_from_slice(&Sha256::digest(dictionary));
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            ..Default::default()
        };
        let (mut input, mut output) = ([0u8; 4096], [0u8; 4096]);
        let mut nothing =
            |_: &mut brotli::interface::PredictionModeContextMap<brotli::InputReferenceMut>,
             _: &mut [brotli::interface::StaticCommand],
             _: brotli::InputPair,
             _: &mut brotli::enc::StandardAlloc| ();
        brotli::enc::BrotliCompressCustomIoCustomDict(
            &mut brotli::IoReaderWrapper(&mut std::io::Cursor::new(raw)),
            &mut brotli::IoWriterWrapper(&mut out),
            &mut input,
            &mut output,
            &params,
            brotli::enc::StandardAlloc::default(),
            &mut nothing,
            dictionary,
            std::io::Error::other("end of input"),
        )
        .unwrap();
        out
    }

    /// How a chunk's copy may be stale.
    #[derive(Clone, Copy, PartialEq)]
    enum Made {
        Fresh,
        /// Against an older first module.
        FromOlderDictionary,
        /// From an older chunk, against this first module.
        FromOlderChunk,
    }

    /// A first module and a chunk that shares most of its bytes, as the build leaves them,
    /// the chunk's copy made as `made` says.
    fn dist_with_a_chunk(made: Made) -> (tempfile::TempDir, Vec<u8>, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let first: Vec<u8> = (0..4000u32)
            .flat_map(|i| (i * 7919 % 65521).to_le_bytes())
            .collect();
        let mut chunk = first[1000..9000].to_vec();
        chunk.extend_from_slice(b"the chunk's own code");
        std::fs::write(dir.path().join("app_bg.wasm"), &first).unwrap();
        std::fs::write(dir.path().join("split_page.wasm"), &chunk).unwrap();
        let older_chunk = [&chunk[..], b"and code since removed"].concat();
        let copy = match made {
            Made::Fresh => dcb_copy(&chunk, &first),
            Made::FromOlderDictionary => dcb_copy(&chunk, b"an older first module"),
            Made::FromOlderChunk => dcb_copy(&older_chunk, &first),
        };
        std::fs::write(dir.path().join("split_page.wasm.dcb"), copy).unwrap();
        (dir, first, chunk)
    }

    /// The `Available-Dictionary` of a browser that holds `dictionary`.
    fn holding(dictionary: &[u8]) -> String {
        format!(
            ":{}:",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(dictionary))
        )
    }

    async fn get(assets: &Assets, path: &str, pairs: &[(&str, &str)]) -> Response {
        let mut req = Request::builder().uri(path);
        for (name, value) in pairs {
            req = req.header(*name, *value);
        }
        serve(State(assets.clone()), req.body(Body::empty()).unwrap()).await
    }

    async fn body_of(res: Response) -> Vec<u8> {
        axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    fn header_of<'a>(res: &'a Response, name: &str) -> Option<&'a str> {
        res.headers().get(name).map(|v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn a_chunk_goes_compressed_against_the_dictionary_the_browser_holds() {
        let (dist, first, chunk) = dist_with_a_chunk(Made::Fresh);
        let assets = Assets::load(dist.path());
        let holds = holding(&first);

        // The first module tells the browser to keep it for the chunks.
        let res = get(&assets, "/app_bg.wasm", &[("accept-encoding", "br")]).await;
        assert_eq!(
            header_of(&res, "use-as-dictionary"),
            Some("match=\"/*.wasm\"")
        );

        // A browser holding it gets the copy made against it, which decodes to the chunk.
        let asks = [
            ("accept-encoding", "gzip, br, zstd, dcb, dcz"),
            ("available-dictionary", holds.as_str()),
        ];
        let res = get(&assets, "/split_page.wasm", &asks).await;
        assert_eq!(header_of(&res, "content-encoding"), Some("dcb"));
        assert_eq!(
            header_of(&res, "vary"),
            Some("accept-encoding, available-dictionary")
        );
        let body = body_of(res).await;
        let (digest, stream) = dcb_parts(&body).unwrap();
        assert_eq!(&digest[..], &Sha256::digest(&first)[..]);
        assert_eq!(unbrotli_with(stream, &first).unwrap(), chunk);
        assert!(body.len() < assets.get("/split_page.wasm").unwrap().br.len());

        // Another dictionary, no dictionary, or "dcb" refused: brotli alone.
        let other = format!(
            ":{}:",
            base64::engine::general_purpose::STANDARD.encode([7u8; 32])
        );
        for asks in [
            vec![
                ("accept-encoding", "br, dcb"),
                ("available-dictionary", other.as_str()),
            ],
            vec![("accept-encoding", "br, dcb")],
            vec![
                ("accept-encoding", "br, dcb;q=0"),
                ("available-dictionary", holds.as_str()),
            ],
        ] {
            let res = get(&assets, "/split_page.wasm", &asks).await;
            assert_eq!(header_of(&res, "content-encoding"), Some("br"), "{asks:?}");
            assert_eq!(unbrotli(&body_of(res).await).unwrap(), chunk);
        }
    }

    #[tokio::test]
    async fn a_stale_dictionary_copy_is_not_served() {
        // The first module, or the chunk, was rebuilt after the copy was made.
        for made in [Made::FromOlderDictionary, Made::FromOlderChunk] {
            let (dist, first, chunk) = dist_with_a_chunk(made);
            let assets = Assets::load(dist.path());
            assert!(assets.get("/split_page.wasm").unwrap().dcb.is_none());
            let res = get(&assets, "/app_bg.wasm", &[("accept-encoding", "br")]).await;
            assert_eq!(header_of(&res, "use-as-dictionary"), None);
            let holds = holding(&first);
            let asks = [
                ("accept-encoding", "br, dcb"),
                ("available-dictionary", holds.as_str()),
            ];
            let res = get(&assets, "/split_page.wasm", &asks).await;
            assert_eq!(header_of(&res, "content-encoding"), Some("br"));
            assert_eq!(unbrotli(&body_of(res).await).unwrap(), chunk);
        }
    }

    #[tokio::test]
    async fn the_dictionary_copy_has_its_own_etag_and_goes_only_to_who_names_dcb() {
        let (dist, first, _) = dist_with_a_chunk(Made::Fresh);
        let assets = Assets::load(dist.path());
        let holds = holding(&first);
        let asks = [
            ("accept-encoding", "br, dcb"),
            ("available-dictionary", holds.as_str()),
        ];
        let dcb = get(&assets, "/split_page.wasm", &asks).await;
        let br = get(&assets, "/split_page.wasm", &[("accept-encoding", "br")]).await;
        let (dcb_tag, br_tag) = (
            header_of(&dcb, "etag").unwrap(),
            header_of(&br, "etag").unwrap(),
        );
        assert_ne!(dcb_tag, br_tag);
        // Revalidating the copy without the dictionary any more: the brotli body, not a 304.
        let res = get(
            &assets,
            "/split_page.wasm",
            &[("accept-encoding", "br"), ("if-none-match", dcb_tag)],
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, "content-encoding"), Some("br"));
        // With it: 304.
        let again = [asks[0], asks[1], ("if-none-match", dcb_tag)];
        assert_eq!(
            get(&assets, "/split_page.wasm", &again).await.status(),
            StatusCode::NOT_MODIFIED
        );
        // `*` accepts any encoding, but not one the browser must hold a dictionary for.
        let star = [
            ("accept-encoding", "*"),
            ("available-dictionary", holds.as_str()),
        ];
        let res = get(&assets, "/split_page.wasm", &star).await;
        assert_eq!(header_of(&res, "content-encoding"), Some("br"));
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
