//! The table's body: a fixed pool of row elements, one per row the scroll area can show plus one,
//! each reused for whichever position scrolls into its place (position `p` always lands in slot
//! `p % pool size`, so a row that stays in view keeps its element). A slot is updated in place,
//! text node by text node, and only where something differs: a scroll by one row refills one
//! slot, a keystroke refills the slots whose row changed, nothing is created or removed.
//!
//! Only the columns in view have cells; each is placed at its column's fixed offset and width,
//! so the cells are laid out independently of each other. The cell texts come prepared from the
//! core's [`FleetIndex`] (formatted once per load), so filling a slot formats nothing. A text
//! cell's tooltip (its whole text, for a value cut short) is given when the pointer comes to it
//! ([`RowPool::give_title`]), not on every fill: a fling refills every cell in view each frame,
//! and titles were most of its calls.
//!
//! This is plain DOM work rather than a leptos view on purpose: a reactive view per cell costs a
//! closure and an effect per cell, and keyed lists rebuild rows instead of reusing them.

use std::collections::HashSet;
use std::ops::Range;

use anywhere_core::fleet::{COLUMNS, CellKind, Column, FleetIndex, Health, Host, Severity};
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlAnchorElement, HtmlElement, HtmlInputElement, Text};

use super::instance_href;

/// Pixels per row; the stylesheet's `.fleet-row` height must match.
pub const ROW_HEIGHT: f64 = 30.0;
/// The selection column, before every declared column.
const SELECT_WIDTH: f64 = 32.0;

/// Where column `place` of [`COLUMNS`] starts in a row.
pub fn column_left(place: usize) -> f64 {
    SELECT_WIDTH
        + COLUMNS[..place.min(COLUMNS.len())]
            .iter()
            .map(|column| f64::from(column.width))
            .sum::<f64>()
}

/// The width of a whole row.
pub fn row_width() -> f64 {
    column_left(COLUMNS.len())
}

/// The places of the columns that a scroll area `width` wide, scrolled `scroll_left` to the
/// right, shows at least partly.
pub fn visible_columns(scroll_left: f64, width: f64) -> Range<usize> {
    let right = scroll_left + width;
    let first = (0..COLUMNS.len())
        .find(|&place| column_left(place + 1) > scroll_left)
        .unwrap_or(COLUMNS.len());
    let end = (first..COLUMNS.len())
        .find(|&place| column_left(place) >= right)
        .unwrap_or(COLUMNS.len());
    first..end.max(first)
}

/// The first row position a scroll shows.
pub fn first_visible(scroll_top: f64) -> usize {
    (scroll_top.max(0.0) / ROW_HEIGHT) as usize
}

/// Slots needed to cover a scroll area `height` high at any scroll offset.
pub fn pool_size(height: f64) -> usize {
    (height.max(ROW_HEIGHT) / ROW_HEIGHT).ceil() as usize + 1
}

/// Everything a render reads.
pub struct Frame<'a> {
    /// Positions in `hosts` of the rows shown, in order.
    pub rows: &'a [u32],
    /// The first position in view.
    pub first: usize,
    pub hosts: &'a [Host],
    pub index: &'a FleetIndex,
    /// Changes when the prepared cells of a row may have changed.
    pub cells: u64,
    pub columns: Range<usize>,
    pub selection: &'a HashSet<String>,
    pub changed: &'a HashSet<String>,
    /// Rows the last load could not read: their last known values.
    pub stale: &'a HashSet<String>,
}

pub struct RowPool {
    document: Document,
    container: HtmlElement,
    slots: Vec<Slot>,
    columns: Range<usize>,
    cells: u64,
}

struct Slot {
    element: HtmlElement,
    checkbox: HtmlInputElement,
    cells: Vec<CellSlot>,
    position: Option<usize>,
    hidden: bool,
    row: Option<u32>,
    key: String,
    selected: bool,
    changed: bool,
    stale: bool,
}

struct CellSlot {
    column: &'static Column,
    element: HtmlElement,
    /// The link or the badge, for those kinds of cell.
    inner: Option<HtmlElement>,
    text: Text,
    shown: String,
    /// Whether the element carries a `title` given on hover, to take away when the text changes.
    titled: bool,
}

impl RowPool {
    pub fn new(container: HtmlElement) -> Self {
        RowPool {
            document: web_sys::window()
                .and_then(|window| window.document())
                .expect("a page has a document"),
            container,
            slots: Vec::new(),
            columns: 0..0,
            cells: 0,
        }
    }

    /// Draws `frame`: every slot shows its position's row, or is hidden past the last row.
    pub fn render(&mut self, frame: &Frame<'_>, size: usize) {
        self.resize(size.max(1));
        if frame.columns != self.columns {
            for slot in &mut self.slots {
                slot.set_columns(&self.document, frame.columns.clone());
            }
            self.columns = frame.columns.clone();
        }
        if frame.cells != self.cells {
            self.slots.iter_mut().for_each(|slot| slot.row = None);
            self.cells = frame.cells;
        }
        let size = self.slots.len();
        for position in frame.first..frame.first + size {
            let slot = &mut self.slots[position % size];
            let Some(&row) = frame.rows.get(position) else {
                slot.hide();
                continue;
            };
            let Some(host) = frame.hosts.get(row as usize) else {
                slot.hide();
                continue;
            };
            if slot.row != Some(row) {
                slot.fill(row, host, frame.index);
            }
            if slot.position != Some(position) {
                slot.place(position);
            }
            slot.mark(Marks {
                selected: frame.selection.contains(host.key()),
                changed: frame.changed.contains(host.key()),
                stale: frame.stale.contains(host.key()),
            });
        }
    }

    /// Gives the text cell under the pointer (`target` of the rows' `pointerover`) its whole
    /// text as a tooltip; a refill takes it away when the cell's text changes.
    pub fn give_title(&mut self, target: &web_sys::EventTarget) {
        let Some(element) = target.dyn_ref::<web_sys::Element>() else {
            return;
        };
        let Some(hovered) = element.closest("[role=gridcell].aws-text").ok().flatten() else {
            return;
        };
        let cells = self.slots.iter_mut().flat_map(|slot| slot.cells.iter_mut());
        for cell in cells.filter(|cell| cell.column.cell == CellKind::Text && !cell.titled) {
            if cell.element.is_same_node(Some(&hovered)) {
                let _ = cell.element.set_attribute("title", &cell.shown);
                cell.titled = true;
                return;
            }
        }
    }

    /// The row element showing `position`, if it is in view.
    pub fn element_at(&self, position: usize) -> Option<HtmlElement> {
        self.slots
            .iter()
            .find(|slot| slot.position == Some(position))
            .map(|slot| slot.element.clone())
    }

    /// Takes the rows out of the page, as the table goes away. Leptos builds a table that replaces
    /// this one (the page opened again at another URL) over the same container element, so rows
    /// left there would stay on screen under the new table's.
    pub fn remove(self) {
        for slot in self.slots {
            slot.element.remove();
        }
    }

    fn resize(&mut self, size: usize) {
        if self.slots.len() == size {
            return;
        }
        while self.slots.len() > size {
            if let Some(slot) = self.slots.pop() {
                slot.element.remove();
            }
        }
        while self.slots.len() < size {
            let mut slot = Slot::new(&self.document);
            slot.set_columns(&self.document, self.columns.clone());
            let _ = self.container.append_child(&slot.element);
            self.slots.push(slot);
        }
        // Positions map to slots by the pool's size: a new size places every row again.
        for slot in &mut self.slots {
            slot.position = None;
        }
    }
}

fn element(document: &Document, tag: &str) -> HtmlElement {
    document
        .create_element(tag)
        .ok()
        .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        .expect("HTML elements can be created")
}

impl Slot {
    fn new(document: &Document) -> Self {
        let row = element(document, "div");
        row.set_class_name("fleet-row");
        row.set_tab_index(-1);
        let _ = row.style().set_property("display", "none");
        let select = element(document, "span");
        let _ = select.set_attribute("role", "gridcell");
        select.set_class_name("select");
        let checkbox: HtmlInputElement = element(document, "input").unchecked_into();
        checkbox.set_type("checkbox");
        let _ = select.append_child(&checkbox);
        let _ = row.append_child(&select);
        Slot {
            element: row,
            checkbox,
            cells: Vec::new(),
            position: None,
            hidden: true,
            row: None,
            key: String::new(),
            selected: false,
            changed: false,
            stale: false,
        }
    }

    /// Gives the slot one cell per column in `columns`, empty until filled.
    fn set_columns(&mut self, document: &Document, columns: Range<usize>) {
        for cell in self.cells.drain(..) {
            cell.element.remove();
        }
        for place in columns {
            let column = &COLUMNS[place];
            let cell = element(document, "span");
            let _ = cell.set_attribute("role", "gridcell");
            let style = cell.style();
            let _ = style.set_property("left", &format!("{}px", column_left(place)));
            let _ = style.set_property("width", &format!("{}px", column.width));
            let text = document.create_text_node("");
            let inner = match column.cell {
                CellKind::Text => {
                    cell.set_class_name("aws-text");
                    let _ = cell.append_child(&text);
                    None
                }
                CellKind::HostLink => {
                    cell.set_class_name("mono aws-text host-link");
                    let link = element(document, "a");
                    let _ = link.append_child(&text);
                    let _ = cell.append_child(&link);
                    Some(link)
                }
                CellKind::HealthBadge => {
                    let badge = element(document, "span");
                    badge.set_class_name("health");
                    let _ = badge.append_child(&text);
                    let _ = cell.append_child(&badge);
                    Some(badge)
                }
            };
            let _ = self.element.append_child(&cell);
            self.cells.push(CellSlot {
                column,
                element: cell,
                inner,
                text,
                shown: String::new(),
                titled: false,
            });
        }
        self.row = None;
    }

    fn fill(&mut self, row: u32, host: &Host, index: &FleetIndex) {
        if self.key != host.key() {
            self.key = host.key().to_owned();
            let _ = self.element.set_attribute("data-key", &self.key);
        }
        let id = COLUMNS
            .iter()
            .find(|column| column.cell == CellKind::HostLink)
            .map_or("", |column| index.cell(row, column));
        let _ = self
            .checkbox
            .set_attribute("aria-label", &format!("Select {id}"));
        for cell in &mut self.cells {
            let text = index.cell(row, cell.column);
            if cell.shown == text {
                // The link still names this row's host, which may be another with the same text.
                if cell.column.cell != CellKind::HostLink {
                    continue;
                }
            } else {
                cell.text.set_data(text);
                cell.shown.clear();
                cell.shown.push_str(text);
                if cell.titled {
                    let _ = cell.element.remove_attribute("title");
                    cell.titled = false;
                }
            }
            match (cell.column.cell, &cell.inner) {
                (CellKind::HostLink, Some(link)) => {
                    if let Some(link) = link.dyn_ref::<HtmlAnchorElement>() {
                        link.set_href(&instance_href(host.cluster(), host.key()));
                    }
                }
                (CellKind::HealthBadge, Some(badge)) => {
                    badge.set_class_name(&format!("health {}", severity_class(text)));
                }
                _ => {}
            }
        }
        self.row = Some(row);
    }

    fn place(&mut self, position: usize) {
        let style = self.element.style();
        if self.hidden {
            let _ = style.remove_property("display");
            let _ = self.element.set_attribute("role", "row");
            self.hidden = false;
        }
        let _ = style.set_property("top", &format!("{}px", position as f64 * ROW_HEIGHT));
        let _ = self
            .element
            .set_attribute("aria-rowindex", &(position + 2).to_string());
        self.position = Some(position);
    }

    fn hide(&mut self) {
        self.position = None;
        if !self.hidden {
            let _ = self.element.style().set_property("display", "none");
            let _ = self.element.remove_attribute("role");
            let _ = self.element.remove_attribute("aria-rowindex");
            self.hidden = true;
        }
    }

    fn mark(
        &mut self,
        Marks {
            selected,
            changed,
            stale,
        }: Marks,
    ) {
        if self.checkbox.checked() != selected {
            self.checkbox.set_checked(selected);
        }
        if self.selected != selected {
            let _ = self
                .element
                .class_list()
                .toggle_with_force("selected", selected);
            let _ = self
                .element
                .set_attribute("aria-selected", if selected { "true" } else { "false" });
            self.selected = selected;
        }
        if self.changed != changed {
            let _ = self
                .element
                .class_list()
                .toggle_with_force("changed", changed);
            self.changed = changed;
        }
        if self.stale != stale {
            let _ = self.element.class_list().toggle_with_force("stale", stale);
            self.stale = stale;
        }
    }
}

/// How a row is marked besides its cells.
struct Marks {
    selected: bool,
    changed: bool,
    stale: bool,
}

/// The badge's class for a health label.
fn severity_class(label: &str) -> &'static str {
    match Health::ALL
        .into_iter()
        .find(|health| health.label() == label)
    {
        Some(health) => match health.severity() {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Ok => "ok",
        },
        None => "",
    }
}
