//! HTTP requests and responses as plain data, so the transport (browser fetch, native client,
//! test fake) needs to know nothing about AWS, and everything about AWS reads them without
//! knowing the transport.

/// Headers a browser sets itself and refuses to take from a script. They are still part of the
/// signature: the browser sends the same values.
const BROWSER_MANAGED_HEADERS: [&str; 2] = ["host", "content-length"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The headers a browser `fetch` may set (all but `host` and `content-length`).
    pub fn browser_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .filter(|(name, _)| {
                !BROWSER_MANAGED_HEADERS
                    .iter()
                    .any(|managed| name.eq_ignore_ascii_case(managed))
            })
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}
