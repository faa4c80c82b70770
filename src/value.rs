//! The values facts are made of: JSON values, held compactly.
//!
//! A story of a thousand articles holds some eighty thousand facts, each an object of ten
//! to twenty fields with objects inside (spans), most fields small (a number, a short
//! string). As `serde_json::Value` an object is a B-tree node with room for eleven fields,
//! every field name a string of its own on the heap: about 360 MB for the facts of 4 MB of
//! news. Here an object is one vector of its fields sorted by name, made at its size, behind
//! one pointer (its length on the heap with its fields); a field name is written once for the
//! whole run and held as a pointer to it ([`Key`]); a string of up to 24 bytes is held in the
//! value itself. A value is 24 bytes, a field 32. The fields a fact has from its article
//! are kept once for the article and shared by its facts ([`Shared`]), and so are those
//! whose values a great many facts have alike (a kind, a null, a boolean: a third of a
//! fact's own), each set kept once for the run ([`Alike`]). The same facts take
//! well under half the memory, are read with the same methods (`get`, `as_str`,
//! `["span"]`…) and print as the same JSON, byte for byte (fields in the order of their
//! names, numbers as `serde_json` writes them).

use std::collections::HashMap;
use std::fmt;
use std::ops::{Deref, Index, IndexMut};
use std::sync::{Arc, Mutex, PoisonError};

use compact_str::CompactString;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

pub use serde_json::Number;
pub use thin_vec::ThinVec;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`, and what a missing field reads as.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, integer or not, as `serde_json` holds it.
    Number(Number),
    /// A string; one of up to 24 bytes (most of those of facts: kinds, outlets, dates,
    /// units, names) is held in the value itself, without an allocation of its own.
    String(CompactString),
    /// An array: its items on the heap, behind one pointer.
    Array(ThinVec<Value>),
    /// An object.
    Object(Map),
}

// Facts are millions of fields: their size is checked when the program is built. A value
// is as large as an inline string; the other variants fit beside the byte of it that tells
// the variant.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Value>() == 24 && size_of::<(Key, Value)>() == 32);

/// The name of a field: written once for the whole run, whatever the number of facts that
/// have the field, and held as one pointer to it (a field is a name and a value: 32 bytes).
///
/// Every key of a name is the same pointer: keys are only made by [`Key::from`], which keeps
/// each name once, and by `key!`, which asks it once where it is written. So two keys are
/// equal when their pointers are, and a field is found by its key ([`Map::get_key`]) without
/// reading a name. Keys are ordered by their text, most often by the first eight bytes of
/// it, kept with it as one number.
#[derive(Clone, Copy, Debug)]
pub struct Key(&'static Name);

/// What a key points to: the name, and its first eight bytes as a number that orders names
/// as their texts do when they differ there.
#[derive(Debug)]
struct Name {
    text: &'static str,
    head: u64,
    /// The name as a JSON string followed by `: `, as a field of it is printed.
    json: &'static str,
}

/// The first eight bytes of `text` (zeros after a shorter one), as a number ordered as they
/// are.
fn head_of(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

impl Key {
    /// The name.
    pub fn as_str(&self) -> &'static str {
        self.0.text
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.text.hash(state);
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.0.text == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        self.0.text == *other
    }
}

// The text of a key hashes and compares as the key does (keys of one text are one key).
impl std::borrow::Borrow<str> for Key {
    fn borrow(&self) -> &str {
        self.0.text
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        self.0.text
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        // Equal heads: the names agree in their first eight bytes, or are shorter and equal.
        self.0
            .head
            .cmp(&other.0.head)
            .then_with(|| by_name(self.0.text, other.0.text))
    }
}

impl Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.text
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.text)
    }
}

/// Every field name of the run: those the program writes (through `key!`), those rule files
/// name (field paths of queries, fields extraction rules emit), those read from JSON. Each
/// distinct name is kept once, for the rest of the run: a few hundred for the built-in
/// rules; a language server that reads a rule file again as it is typed also keeps the
/// names typed on the way, a few bytes each.
static NAMES: Mutex<Option<HashMap<&'static str, Key>>> = Mutex::new(None);

impl From<&str> for Key {
    fn from(name: &str) -> Self {
        let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
        let names = names.get_or_insert_with(HashMap::new);
        if let Some(&kept) = names.get(name) {
            return kept;
        }
        let text: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let mut json = String::new();
        write_json_string(&mut json, text);
        json.push_str(": ");
        let key = Key(Box::leak(Box::new(Name {
            text,
            head: head_of(text),
            json: Box::leak(json.into_boxed_str()),
        })));
        names.insert(text, key);
        key
    }
}

// A key is written as its name, and read back as the key of that name (the rule language's
// syntax trees hold keys, and the built-in rules' trees are made when factlint is built).
impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.text)
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Key::from(&*name))
    }
}

/// The order of names: their bytes', as `str` orders them. Names of fields are short and
/// mostly differ in their first bytes: compared here byte by byte, without a call to
/// `memcmp` for each of the half-dozen names a lookup meets.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// A JSON object: its fields, sorted by name. Some of them may be [`Shared`] with other
/// objects (the fields a fact has from its article, and those that say nothing of it in
/// particular): they are read, printed and compared as the object's own, and copied into it
/// only when one of them is changed or taken out.
#[derive(Clone, Default)]
pub struct Map {
    fields: ThinVec<(Key, Value)>,
    /// Fields kept once for many objects; never of a name among `fields`.
    shared: Option<Shared>,
}

/// Fields kept once, sorted by name.
type Run = Arc<ThinVec<(Key, Value)>>;

/// Fields that many objects have alike, kept once and shared by them: the five fields each
/// fact has from its article ([`Map::share`]), which would otherwise be a fifth of the
/// memory of a story's facts, and beside them the fields whose values a fact has like many
/// others (`"kind": "mention"`, `"title": null`, `"quoted": false`: [`Map::share_alike`]),
/// a third of its own.
#[derive(Clone, Debug)]
pub struct Shared(Arc<Runs>);

/// The two runs of fields an object may share: never a name in both.
#[derive(Debug)]
struct Runs {
    /// Those [`Shared::new`] made: an article's.
    base: Run,
    /// Those [`Alike`] keeps once for the whole run, if any.
    alike: Option<Run>,
}

impl Shared {
    /// The fields of `map`, to be shared.
    pub fn new(mut map: Map) -> Self {
        map.unshare();
        map.fields.shrink_to_fit();
        Shared(Arc::new(Runs {
            base: Arc::new(map.fields),
            alike: None,
        }))
    }

    /// Each run of fields, the base first.
    fn runs(&self) -> impl Iterator<Item = &[(Key, Value)]> {
        std::iter::once(self.0.base.as_slice()).chain(self.0.alike.as_deref().map(ThinVec::as_slice))
    }

    /// The value of field `name`.
    fn get(&self, name: &str) -> Option<&Value> {
        let find = |run: &'_ [(Key, Value)]| find_name(run, name).ok();
        match find(&self.0.base) {
            Some(i) => Some(&self.0.base[i].1),
            None => {
                let alike = self.0.alike.as_deref()?;
                find(alike).map(|i| &alike[i].1)
            }
        }
    }

    /// Whether `self` and `other` are one set of fields, kept once.
    pub fn same(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (Arc::ptr_eq(&self.0.base, &other.0.base)
                && match (&self.0.alike, &other.0.alike) {
                    (None, None) => true,
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    _ => false,
                })
    }

    /// Whether `self` and `other` share the fields of one [`Shared::new`] (one article's),
    /// whatever else each shares.
    pub fn same_base(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0.base, &other.0.base)
    }

    /// The fields [`Shared::new`] made, alone.
    pub fn base(&self) -> Shared {
        match self.0.alike {
            None => self.clone(),
            Some(_) => Shared(Arc::new(Runs {
                base: Arc::clone(&self.0.base),
                alike: None,
            })),
        }
    }

    /// The value of the field of `key`.
    pub fn get_key(&self, key: Key) -> Option<&Value> {
        fn find(run: &[(Key, Value)], key: Key) -> Option<&Value> {
            run.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
        }
        find(&self.0.base, key).or_else(|| find(self.0.alike.as_ref()?, key))
    }

    fn len(&self) -> usize {
        self.runs().map(<[_]>::len).sum()
    }
}

/// Runs of fields objects have alike ([`Map::share_alike`]), each kept once for the whole
/// run: by the hash of its fields ([`hash_fields`]). A run is a few fields of values that
/// tell nothing of one object (a fact's kind, its nulls and booleans): a story's facts have a
/// few dozen of them, a run of factlint not many more.
static ALIKE: Mutex<Option<HashMap<u64, Vec<Run>>>> = Mutex::new(None);

/// What the objects of one [`Shared`] base share with it as they are given alike fields
/// ([`Map::share_alike`]): each run of alike fields beside the base, made once.
pub struct Alike {
    base: Shared,
    /// Room for one object's alike fields, used again for each.
    fields: Vec<(Key, Value)>,
    /// What the last object given alike fields shares.
    last: Option<Shared>,
    /// Each run met, by the hash of its fields and by its address, with the base: a few
    /// dozen at most.
    made: Vec<(u64, usize, Shared)>,
}

impl Alike {
    /// For objects made before the fields of their base are known: they share alike fields
    /// alone, and the base's beside them once given it ([`Map::share_alike`]).
    pub fn unbased() -> Self {
        Alike::new(&Shared::new(Map::new()))
    }

    /// For objects that share `base` ([`Shared::new`]).
    pub fn new(base: &Shared) -> Self {
        Alike {
            base: base.base(),
            fields: Vec::new(),
            last: None,
            made: Vec::new(),
        }
    }

    /// The base with the alike fields `run` beside it, if any.
    fn beside(&mut self, run: Option<&Run>) -> Shared {
        let Some(run) = run else { return self.base.clone() };
        let at = Arc::as_ptr(run).addr();
        if let Some((.., shared)) = self.made.iter().find(|(_, a, _)| *a == at) {
            return shared.clone();
        }
        let shared = Shared(Arc::new(Runs {
            base: Arc::clone(&self.base.0.base),
            alike: Some(Arc::clone(run)),
        }));
        self.made.push((hash_fields(run), at, shared.clone()));
        shared
    }

    /// The base with `fields` (sorted by name, none of the base's names) beside it.
    fn with(&mut self, fields: &mut Vec<(Key, Value)>) -> Shared {
        // Objects of one kind come one after another, most often with the fields of the last.
        if let Some(last) = &self.last
            && last.0.alike.as_ref().is_some_and(|run| same_fields(run, fields))
        {
            return last.clone();
        }
        let shared = self.find(fields);
        self.last = Some(shared.clone());
        shared
    }

    /// The base with `fields` beside it, made once ([`Alike::with`]).
    fn find(&mut self, fields: &mut Vec<(Key, Value)>) -> Shared {
        let hash = hash_fields(fields);
        let same = |run: &Run| same_fields(run, fields);
        if let Some((.., shared)) = self
            .made
            .iter()
            .find(|(h, _, s)| *h == hash && s.0.alike.as_ref().is_some_and(same))
        {
            return shared.clone();
        }
        let run = {
            let mut kept = ALIKE.lock().unwrap_or_else(PoisonError::into_inner);
            let runs = kept.get_or_insert_with(HashMap::new).entry(hash).or_default();
            match runs.iter().find(|run| same(run)) {
                Some(run) => Arc::clone(run),
                None => {
                    let run: Run = Arc::new(fields.drain(..).collect());
                    runs.push(Arc::clone(&run));
                    run
                }
            }
        };
        let at = Arc::as_ptr(&run).addr();
        let shared = Shared(Arc::new(Runs {
            base: Arc::clone(&self.base.0.base),
            alike: Some(run),
        }));
        self.made.push((hash, at, shared.clone()));
        shared
    }
}

/// Whether two lists of fields are the same: those of [`Alike`], whose values are most often
/// a null, a boolean or a short string, compared at once.
fn same_fields(a: &[(Key, Value)], b: &[(Key, Value)]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|((ka, va), (kb, vb))| {
            ka == kb
                && match (va, vb) {
                    (Value::Null, Value::Null) => true,
                    (Value::Bool(x), Value::Bool(y)) => x == y,
                    (Value::String(x), Value::String(y)) => x.as_str() == y.as_str(),
                    _ => va == vb,
                }
        })
}

/// A hash of fields, for [`Alike`]: of every name, and of every value but what lists and
/// objects hold (their length only). Mixed a word at a time, as rustc's `FxHasher` does:
/// the fields are a few, of values a word or two long, and two sets of one hash are compared.
fn hash_fields(fields: &[(Key, Value)]) -> u64 {
    let mut h: u64 = 0;
    let mut mix = |word: u64| h = (h.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    for (k, v) in fields {
        mix(std::ptr::from_ref(k.0).addr() as u64);
        match v {
            Value::Null => mix(1),
            Value::Bool(b) => mix(2 + u64::from(*b)),
            Value::Number(n) => mix(n.as_f64().map_or(4, f64::to_bits)),
            // Its length and first bytes: the strings many facts share are a kind's name.
            Value::String(text) => {
                let mut word = [0u8; 8];
                let head = &text.as_bytes()[..text.len().min(8)];
                word[..head.len()].copy_from_slice(head);
                mix(u64::from_le_bytes(word) ^ text.len() as u64);
            }
            Value::Array(items) => mix(items.len() as u64 ^ 5 << 60),
            Value::Object(map) => mix(map.len() as u64 ^ 6 << 60),
        }
    }
    h
}

/// Whether two lists of fields, each sorted by name, have a name in common: read side by
/// side, once.
fn any_common_name(a: &[(Key, Value)], b: &[(Key, Value)]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some((x, _)), Some((y, _))) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Where the field `name` is among `fields`, sorted by name.
fn find_name(fields: &[(Key, Value)], name: &str) -> Result<usize, usize> {
    let head = head_of(name);
    fields.binary_search_by(|(k, _)| k.0.head.cmp(&head).then_with(|| by_name(k.0.text, name)))
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Map::default()
    }

    /// An empty object with room for `n` fields.
    pub fn with_capacity(n: usize) -> Self {
        Map {
            fields: ThinVec::with_capacity(n),
            shared: None,
        }
    }

    /// The object of `fields`, in any order; of two fields of one name, the later is kept.
    pub fn from_fields<const N: usize>(fields: [(Key, Value); N]) -> Self {
        let mut fields = fields;
        // Stable: of one name, the fields stay in their order, and the last is kept. (Most
        // objects are written with their fields in order: they are not moved.)
        if !fields.is_sorted_by_key(|field| field.0) {
            fields.sort_by_key(|field| field.0);
        }
        let mut kept: ThinVec<(Key, Value)> = ThinVec::with_capacity(N);
        for field in fields {
            match kept.last_mut() {
                Some(last) if last.0 == field.0 => *last = field,
                _ => kept.push(field),
            }
        }
        Map {
            fields: kept,
            shared: None,
        }
    }

    /// Gives the object the `shared` fields, kept once for every object that has them. An
    /// object that already shares fields, or has one of these names, gets copies instead.
    pub fn share(&mut self, shared: &Shared) {
        let clash = self.shared.is_some() || shared.runs().any(|run| any_common_name(&self.fields, run));
        if clash {
            for (k, v) in shared.runs().flatten() {
                self.insert(*k, v.clone());
            }
        } else {
            self.shared = Some(shared.clone());
        }
    }

    /// Gives the object the fields of `alike`'s base, as [`Map::share`] does, and shares
    /// with the other objects given them those of its own fields that are `plain` (whose
    /// values many objects have alike): its own fields are then the others, in a block of
    /// exactly their size. An object that shares alike fields given with no base (a fact made
    /// before its article is known) keeps them and gets the base beside them. An object that
    /// already shares a base, or has one of the base's names among its fields or those it
    /// shares, gets copies of the base instead (each replacing its field of that name).
    pub fn share_alike(&mut self, alike: &mut Alike, plain: impl Fn(Key, &Value) -> bool) {
        let base = &alike.base.0.base;
        let clash = any_common_name(&self.fields, base);
        match &self.shared {
            Some(shared)
                if shared.0.base.is_empty()
                    && !clash
                    && !shared.0.alike.as_ref().is_some_and(|run| any_common_name(run, base)) =>
            {
                self.shared = Some(alike.beside(shared.0.alike.as_ref()));
                return;
            }
            Some(_) => return self.share(&alike.base),
            None if clash => return self.share(&alike.base),
            None => {}
        }
        let n = self.fields.iter().filter(|(k, v)| plain(*k, v)).count();
        if n == 0 {
            exact(&mut self.fields);
            self.shared = Some(alike.base.clone());
            return;
        }
        let mut own = ThinVec::with_capacity(self.fields.len() - n);
        // The alike fields go into a list kept for the next object: most objects' are a set
        // already kept.
        let mut theirs = std::mem::take(&mut alike.fields);
        theirs.clear();
        for (k, v) in std::mem::take(&mut self.fields) {
            if plain(k, &v) {
                theirs.push((k, v));
            } else {
                own.push((k, v));
            }
        }
        self.fields = own;
        self.shared = Some(alike.with(&mut theirs));
        alike.fields = theirs;
    }

    /// Makes the shared fields the object's own, so that they can be changed. (Rare: the
    /// fields are appended and sorted again rather than merged.)
    fn unshare(&mut self) {
        let Some(shared) = self.shared.take() else { return };
        self.fields.extend(shared.runs().flatten().cloned());
        // The runs share no name, so the order of names is the whole order.
        self.fields.sort_by_key(|field| field.0);
    }

    /// Whether field `name` is one the object shares.
    fn shares(&self, name: &str) -> bool {
        self.shared.as_ref().is_some_and(|s| s.get(name).is_some())
    }

    /// The fields the object shares with others ([`Map::share`]), if it shares any: every
    /// object that shares them reads the same values there.
    pub fn shared(&self) -> Option<&Shared> {
        self.shared.as_ref()
    }

    /// Makes room for exactly `n` more fields (facts are many and get their last fields
    /// late: room to grow in would be room wasted).
    pub fn reserve_exact(&mut self, n: usize) {
        self.fields.reserve_exact(n);
    }

    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match find_name(&self.fields, name) {
            Ok(i) => Some(&self.fields[i].1),
            Err(_) => self.shared.as_ref()?.get(name),
        }
    }

    /// The value of field `name`, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        if self.shares(name) {
            self.unshare();
        }
        find_name(&self.fields, name).ok().map(|i| &mut self.fields[i].1)
    }

    /// The value of the field of `key`. The same as `get(key.as_str())`, found by comparing
    /// pointers rather than names: the way to read the fields of many facts by the names a
    /// query or the program holds as keys.
    pub fn get_key(&self, key: Key) -> Option<&Value> {
        // An object has a few dozen fields at most; comparing each pointer costs less than
        // the names a binary search reads.
        let own = self.fields.iter().find(|(k, _)| *k == key);
        own.map(|(_, v)| v).or_else(|| self.shared.as_ref()?.get_key(key))
    }

    /// Whether the object has field `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets field `name`; gives the value it replaces.
    pub fn insert(&mut self, name: Key, value: Value) -> Option<Value> {
        if self.shared.as_ref().is_some_and(|s| s.get_key(name).is_some()) {
            self.unshare();
        }
        match self.fields.binary_search_by(|(k, _)| k.cmp(&name)) {
            Ok(i) => Some(std::mem::replace(&mut self.fields[i].1, value)),
            Err(i) => {
                self.fields.insert(i, (name, value));
                None
            }
        }
    }

    /// Takes field `name` out.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        if self.shares(name) {
            self.unshare();
        }
        find_name(&self.fields, name).ok().map(|i| self.fields.remove(i).1)
    }

    /// The fields, by name.
    pub fn iter(&self) -> Fields<'_> {
        self.into_iter()
    }

    /// The fields, by name, to change.
    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = (&'static str, &mut Value)> {
        self.unshare();
        self.fields.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// The object's own fields, by name, to change; not those it shares with others
    /// ([`Map::share`], [`Map::share_alike`]), which stay as they are and shared. For walks
    /// that change what shared fields never hold (a fact's article fields and its alike ones,
    /// a kind, nulls, booleans and empty lists, hold no entity and no span).
    pub fn own_mut(&mut self) -> impl ExactSizeIterator<Item = (&'static str, &mut Value)> {
        self.fields.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// The names of the fields, in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The values of the fields, in the order of their names.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value> {
        self.iter().map(|(_, v)| v)
    }

    /// The values of the fields, to change.
    pub fn values_mut(&mut self) -> impl ExactSizeIterator<Item = &mut Value> {
        self.unshare();
        self.fields.iter_mut().map(|(_, v)| v)
    }

    /// How many fields the object has.
    pub fn len(&self) -> usize {
        self.fields.len() + self.shared.as_ref().map_or(0, Shared::len)
    }

    /// True when the object has no field.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the object's own fields, and every list and object inside them, are held in
    /// blocks of exactly their size ([`Value::is_exact`]).
    fn is_exact(&self) -> bool {
        self.fields.capacity() == self.fields.len() && self.fields.iter().all(|(_, v)| v.is_exact())
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Moves the items of `items` into a block of exactly their size when it has room for more.
/// (Shrinking in place does not free memory: an allocator may keep a block that is no more
/// than half empty, and most objects that grew by a field or two are.)
fn exact<T>(items: &mut ThinVec<T>) {
    if items.capacity() > items.len() {
        let mut fitted = ThinVec::with_capacity(items.len());
        fitted.extend(items.drain(..));
        *items = fitted;
    }
}

/// The fields of an object, by name, its own and its shared ones together, as [`Map::iter`]
/// gives them.
pub struct Fields<'a> {
    /// The object's own fields, then those of each run it shares.
    runs: [std::slice::Iter<'a, (Key, Value)>; 3],
}

impl<'a> Fields<'a> {
    /// The next field with its key.
    fn next_keyed(&mut self) -> Option<&'a (Key, Value)> {
        // Three sorted runs of distinct names, merged.
        let first = |run: &std::slice::Iter<'a, (Key, Value)>| run.as_slice().first().map(|f| f.0);
        let mut next: Option<(usize, Key)> = None;
        for (i, run) in self.runs.iter().enumerate() {
            if let Some(k) = first(run)
                && next.is_none_or(|(_, least)| k < least)
            {
                next = Some((i, k));
            }
        }
        self.runs[next?.0].next()
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'static str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_keyed().map(|(k, v)| (k.as_str(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.runs.iter().map(ExactSizeIterator::len).sum();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Fields<'_> {}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'static str, &'a Value);
    type IntoIter = Fields<'a>;
    fn into_iter(self) -> Fields<'a> {
        let shared = self.shared.as_ref().map(|s| &*s.0);
        let run = |run: Option<&'a Run>| run.map_or([].iter(), |r| r.iter());
        Fields {
            runs: [
                self.fields.iter(),
                run(shared.map(|s| &s.base)),
                run(shared.and_then(|s| s.alike.as_ref())),
            ],
        }
    }
}

/// What a missing field reads as.
static NULL: Value = Value::Null;

impl Value {
    /// The value of field `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(name),
            _ => None,
        }
    }

    /// The value of the field of `key` of an object ([`Map::get_key`]).
    pub fn get_key(&self, key: Key) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get_key(key),
            _ => None,
        }
    }

    /// The value of field `name` of an object, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        match self {
            Value::Object(map) => map.get_mut(name),
            _ => None,
        }
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether the value is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether the value is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether the value is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// Whether the value is `true` or `false`.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// The string, when the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when the value is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, when the value is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The number, when the value is an integer that is not negative.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number, when the value is an integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The items, when the value is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The fields, when the value is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The fields, to change, when the value is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Whether every list and object of the value, here and inside, is held in a block of
    /// exactly its size (what it shares was made so). Facts are held while a story is
    /// checked: they are made at their size rather than shrunk once made. Strings are left
    /// out: one on the heap keeps the room of the text it was made from (most often none,
    /// or the few bytes the allocator's block has anyway; a string lowered to a longer one,
    /// as an event may capture, more).
    pub fn is_exact(&self) -> bool {
        match self {
            Value::Array(items) => items.capacity() == items.len() && items.iter().all(Value::is_exact),
            Value::Object(map) => map.is_exact(),
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => true,
        }
    }

    /// Appends the value as JSON printed as `serde_json::to_string_pretty` prints it (two
    /// spaces a level), for a value that starts on a line indented by `level` levels: what
    /// it holds is indented from there. Written in place, without the printer's calls for
    /// every piece and without indenting its lines again: `factlint facts` prints megabytes.
    pub fn write_pretty(&self, out: &mut String, level: usize) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            // An integer (spans, positions, numbers) written as the JSON printer writes it,
            // without the formatting machinery; other numbers as `Number` prints them, which
            // is as the printer writes them.
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => out.push_str(itoa::Buffer::new().format(u)),
                (None, Some(i)) => out.push_str(itoa::Buffer::new().format(i)),
                (None, None) => {
                    use std::fmt::Write as _;
                    let _ = write!(out, "{n}");
                }
            },
            Value::String(text) => write_json_string(out, text),
            Value::Array(items) => write_pretty_items(out, level, '[', ']', items.iter(), |out, item, level| {
                item.write_pretty(out, level);
            }),
            Value::Object(map) => {
                let mut fields = map.iter();
                let keyed = std::iter::from_fn(move || fields.next_keyed());
                write_pretty_items(out, level, '{', '}', keyed, |out, (key, value), level| {
                    out.push_str(key.0.json);
                    value.write_pretty(out, level);
                });
            }
        }
    }

    /// The same value as a `serde_json::Value`, for code that speaks JSON in general.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(map) => {
                serde_json::Value::Object(map.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect())
            }
        }
    }
}

/// Appends `items` between `open` and `close` as the pretty JSON printer does: each on a
/// line of its own one level in, or `[]` / `{}` when there are none.
pub fn write_pretty_items<T>(
    out: &mut String,
    level: usize,
    open: char,
    close: char,
    items: impl Iterator<Item = T>,
    mut write: impl FnMut(&mut String, T, usize),
) {
    out.push(open);
    let mut any = false;
    for item in items {
        out.push_str(if any { ",\n" } else { "\n" });
        push_indent(out, level + 1);
        write(out, item, level + 1);
        any = true;
    }
    if any {
        out.push('\n');
        push_indent(out, level);
    }
    out.push(close);
}

fn push_indent(out: &mut String, level: usize) {
    /// Enough spaces for facts nested a dozen levels deep, written in one copy.
    const SPACES: &str = "                        ";
    match SPACES.get(..2 * level) {
        Some(spaces) => out.push_str(spaces),
        None => (0..level).for_each(|_| out.push_str("  ")),
    }
}

/// Appends `text` as a JSON string, escaped as `serde_json` escapes it: quotation marks,
/// backslashes and control characters (those with a short form by it, the others as
/// `\u00XX`); everything else as it is.
pub fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escaped);
        }
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out.push('"');
}

impl Index<&str> for Value {
    type Output = Value;
    /// Field `name`, or null when there is none (as `serde_json` reads).
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

impl Index<Key> for Value {
    type Output = Value;
    /// The field of `key`, or null when there is none ([`Map::get_key`]).
    fn index(&self, key: Key) -> &Value {
        self.get_key(key).unwrap_or(&NULL)
    }
}

impl IndexMut<&str> for Value {
    /// Field `name`, added as null when missing; null becomes an empty object first. Any
    /// other value has no fields: indexing it is a mistake of the program.
    fn index_mut(&mut self, name: &str) -> &mut Value {
        if self.is_null() {
            *self = Value::Object(Map::new());
        }
        let Value::Object(map) = self else {
            panic!("cannot set field `{name}` of a value that is not an object");
        };
        if !map.contains_key(name) {
            map.insert(Key::from(name), Value::Null);
        }
        map.get_mut(name)
            .unwrap_or_else(|| unreachable!("the field was just added"))
    }
}

impl Index<usize> for Value {
    type Output = Value;
    /// Item `i` of an array, or null.
    fn index(&self, i: usize) -> &Value {
        match self {
            Value::Array(items) => items.get(i).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl fmt::Display for Value {
    /// The value as compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(map) => map.serialize(s),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            out.serialize_entry(k, v)?;
        }
        out.end()
    }
}

impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(CompactString::from(s.as_str())),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(Value::from).collect()),
            serde_json::Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (k, v) in map {
                    out.insert(Key::from(k.as_str()), Value::from(v));
                }
                Value::Object(out)
            }
        }
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        Value::from(&v)
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Object(map)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(CompactString::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(CompactString::from(s))
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(CompactString::from(s.as_str()))
    }
}

impl From<f64> for Value {
    /// A number; a value that is not one (NaN, infinite) is null, as in JSON.
    fn from(x: f64) -> Self {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

macro_rules! from_integer {
    ($($t:ty)*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Number(Number::from(n))
            }
        }
    )*};
}

from_integer!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone + Into<Value>> From<&[T]> for Value {
    fn from(items: &[T]) -> Self {
        Value::Array(items.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

impl From<&Value> for Value {
    fn from(v: &Value) -> Self {
        v.clone()
    }
}

/// What a value written in `fact!` can be: read, not taken, as `serde_json::json!` reads
/// what it writes.
pub trait ToValue {
    /// The value.
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl ToValue for Map {
    fn to_value(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::from(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::from(self.as_str())
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for [T] {
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        self.as_slice().to_value()
    }
}

macro_rules! to_value_by_copy {
    ($($t:ty)*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

to_value_by_copy!(bool f64 u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

/// What `fact!` writes a field's expression with: an owned value is taken (a `Value`,
/// `Map`, `String` or list made for the fact is moved in, not copied), a borrowed one is
/// read ([`ToValue`]).
pub trait IntoValue {
    /// The value.
    fn into_value(self) -> Value;
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl IntoValue for Map {
    fn into_value(self) -> Value {
        Value::Object(self)
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl<T: ToValue + ?Sized> IntoValue for &T {
    fn into_value(self) -> Value {
        self.to_value()
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        self.map_or(Value::Null, IntoValue::into_value)
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::Array(self.into_iter().map(IntoValue::into_value).collect())
    }
}

macro_rules! into_value_by_copy {
    ($($t:ty)*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                Value::from(self)
            }
        }
    )*};
}

into_value_by_copy!(bool f64 u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

/// The [`Key`] of a field name written in the program: `key!("kind")`. It is asked of
/// [`Key::from`] the first time the line runs, and kept there: the same key as every other
/// of that name, for the cost of one load afterwards.
macro_rules! key {
    ($name:literal) => {{
        static KEY: ::std::sync::OnceLock<$crate::value::Key> = ::std::sync::OnceLock::new();
        *KEY.get_or_init(|| $crate::value::Key::from($name))
    }};
}

/// A [`Value`] written as JSON, as `serde_json::json!` writes one: `fact!({"kind": "quote",
/// "span": {"start": s, "end": e}, "speaker": null})`. Field names are string literals, kept
/// as they are written; a value is an object, an array, `null`, or any expression that is an
/// [`IntoValue`]: taken when it is owned, read when it is a reference (`&self.text`).
macro_rules! fact {
    (null) => { $crate::value::Value::Null };
    ({}) => { $crate::value::Value::Object($crate::value::Map::new()) };
    ({ $($body:tt)+ }) => {
        $crate::value::Value::Object(fact!(@fields [] ($($body)+)))
    };
    ([]) => { $crate::value::Value::Array($crate::value::ThinVec::new()) };
    ([ $($body:tt)+ ]) => {
        $crate::value::Value::Array(fact!(@items [] () ($($body)+)))
    };
    ($e:expr) => { $crate::value::IntoValue::into_value($e) };

    // The fields of an object, gathered into one array (`[(name, value), …]`), so that the
    // object is made at once, of its size: the value of each field is the tokens up to the
    // comma after it.
    (@fields [$($done:tt)*] ()) => {
        $crate::value::Map::from_fields([$($done)*])
    };
    (@fields [$($done:tt)*] ($key:literal : $($rest:tt)+)) => {
        fact!(@field [$($done)*] $key () ($($rest)+))
    };
    (@field [$($done:tt)*] $key:literal ($($value:tt)+) ()) => {
        fact!(@fields [$($done)* (key!($key), fact!($($value)+)),] ())
    };
    (@field [$($done:tt)*] $key:literal ($($value:tt)+) (, $($rest:tt)*)) => {
        fact!(@fields [$($done)* (key!($key), fact!($($value)+)),] ($($rest)*))
    };
    (@field [$($done:tt)*] $key:literal ($($value:tt)*) ($next:tt $($rest:tt)*)) => {
        fact!(@field [$($done)*] $key ($($value)* $next) ($($rest)*))
    };

    // The items of an array, likewise.
    (@items [$($done:tt)*] () ()) => { $crate::value::ThinVec::from([$($done)*]) };
    (@items [$($done:tt)*] ($($item:tt)+) ()) => { $crate::value::ThinVec::from([$($done)* fact!($($item)+)]) };
    (@items [$($done:tt)*] ($($item:tt)+) (, $($rest:tt)*)) => {
        fact!(@items [$($done)* fact!($($item)+),] () ($($rest)*))
    };
    (@items [$($done:tt)*] ($($item:tt)*) ($next:tt $($rest:tt)*)) => {
        fact!(@items [$($done)*] ($($item)* $next) ($($rest)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of the seed story's first report, as `serde_json` reads and writes them.
    fn sample() -> serde_json::Value {
        serde_json::json!({
            "kind": "quote",
            "span": {"start": 120, "end": 188},
            "text": "We will respond",
            "speaker": {"span": {"start": 190, "end": 203}, "text": "Mark Esper", "entity": 3},
            "value": {"min": 23.0, "max": null},
            "parts": [{"start": 121, "end": 136}],
            "count": 2,
            "ratio": 0.5,
            "negative": -4,
            "quoted": false,
            "terms": ["respond"],
            "empty": {},
            "none": [],
        })
    }

    #[test]
    fn prints_as_serde_json_prints_the_same_value() {
        let theirs = sample();
        let ours = Value::from(&theirs);
        assert_eq!(ours.to_string(), theirs.to_string());
        assert_eq!(
            serde_json::to_string_pretty(&ours).expect("prints"),
            serde_json::to_string_pretty(&theirs).expect("prints")
        );
        assert_eq!(ours.to_json(), theirs);
    }

    /// `write_pretty` writes what `serde_json::to_string_pretty` writes, at every level: the
    /// sample, texts with every character JSON escapes and some it does not, numbers of
    /// every kind, empty and nested lists and objects, and an object with shared fields.
    #[test]
    fn writes_pretty_json_as_serde_json_prints_it() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            "plain",
            "",
            "\"quoted\" and back\\slash",
            every_control.as_str(),
            "del \u{7f}, nbsp \u{a0}, line separator \u{2028}, emoji \u{1f4f0}, é",
        ];
        let mut values: Vec<Value> = texts.iter().map(|t| Value::from(*t)).collect();
        values.extend(
            [0.0, -0.0, 1.0, -4.0, 0.1, 1e21, 1.5e-7, 123456789.125, f64::MAX]
                .into_iter()
                .map(Value::from),
        );
        values.extend([
            Value::from(u64::MAX),
            Value::from(i64::MIN),
            Value::Null,
            Value::from(true),
        ]);
        values.push(Value::from(sample()));
        values.push(fact!({"a": [], "b": {}, "c": [[], [{}], [1, [2, [3]]]], "d": {"e": {"f": {}}}}));
        // Deeper than the spaces written in one copy.
        let mut deep = fact!({"deepest": [1, {}]});
        for _ in 0..15 {
            deep = fact!({"in": [deep]});
        }
        values.push(deep);
        // Names written as JSON strings too, once for each name.
        values.push(fact!({"\"quoted\", back\\slash, line\nbreak, \u{1}": 1, "": 2, "é": 3}));
        let (mut own, shared) = split_sample(&["count", "kind", "terms"]);
        own.share(&shared);
        values.push(Value::Object(own));
        let list = Value::Array(values.clone().into());
        values.push(list);
        for value in &values {
            let theirs = serde_json::to_string_pretty(value).expect("prints");
            for level in 0..3 {
                let mut ours = String::new();
                value.write_pretty(&mut ours, level);
                let indented = theirs.replace('\n', &format!("\n{}", "  ".repeat(level)));
                assert_eq!(ours, indented, "at level {level}");
            }
        }
    }

    #[test]
    fn names_are_in_the_order_of_their_bytes() {
        let names = ["", "a", "ab", "abc", "b", "end", "entity", "événement", "Z", "z"];
        for a in names {
            for b in names {
                assert_eq!(by_name(a, b), a.cmp(b), "{a} {b}");
            }
        }
    }

    #[test]
    fn of_two_fields_of_one_name_the_later_is_kept() {
        let v = fact!({"text": "first", "kind": "quote", "text": "second"});
        assert_eq!(v.to_string(), r#"{"kind":"quote","text":"second"}"#);
    }

    #[test]
    fn a_value_made_whole_or_shared_is_held_at_its_size_and_one_grown_is_not() {
        let made = || fact!({"kind": "quote", "span": {"start": 4, "end": 9}, "parts": [1, 2, 3], "nested": false});
        assert!(made().is_exact());
        // Grown a field at a time: room for more than it holds, here or inside.
        let mut grown = made();
        if let Value::Object(map) = &mut grown {
            for name in ["a", "b", "c"] {
                map.insert(Key::from(name), Value::from(name));
            }
        }
        assert!(!grown.is_exact());
        let mut inside = made();
        if let Some(Value::Array(parts)) = inside.get_mut("parts") {
            parts.push(Value::from(4u32));
        }
        assert!(!inside.is_exact());
        // Shared as facts are, a grown object is left with its own fields at their size.
        let mut alike = Alike::unbased();
        if let Value::Object(map) = &mut grown {
            map.share_alike(&mut alike, |k, v| k == key!("kind") || matches!(v, Value::Bool(_)));
            assert_eq!(map.fields.len(), 5);
        }
        assert!(grown.is_exact());
        assert_eq!(
            grown.to_string(),
            r#"{"a":"a","b":"b","c":"c","kind":"quote","nested":false,"parts":[1,2,3],"span":{"end":9,"start":4}}"#
        );
    }

    #[test]
    fn the_macro_takes_what_is_owned_and_reads_what_is_borrowed() {
        let span = fact!({"start": 4, "end": 9});
        let words = vec![String::from("the"), String::from("ferry")];
        let name = String::from("Lake Kivu");
        let mut place = Map::new();
        place.insert(Key::from("name"), Value::from("Kivu"));
        let v = fact!({
            "span": span,
            "words": &words,
            "taken": words,
            "name": &name,
            "owned": name,
            "place": Some(place),
            "none": None::<Value>,
            "count": 2u32,
            "share": 0.5,
        });
        assert_eq!(
            v.to_string(),
            concat!(
                r#"{"count":2,"name":"Lake Kivu","none":null,"owned":"Lake Kivu","#,
                r#""place":{"name":"Kivu"},"share":0.5,"span":{"end":9,"start":4},"#,
                r#""taken":["the","ferry"],"words":["the","ferry"]}"#
            )
        );
    }

    #[test]
    fn the_macro_writes_what_serde_json_writes() {
        let (start, end) = (120usize, 188usize);
        let entity: Option<usize> = Some(3);
        let ours = fact!({
            "kind": "quote",
            "span": {"start": start, "end": end},
            "text": "We will respond",
            "speaker": {"span": {"start": 190, "end": 203}, "text": "Mark Esper", "entity": entity},
            "value": {"min": 23.0, "max": null},
            "parts": [{"start": 121, "end": 136}],
            "count": 2,
            "ratio": 1.0 / 2.0,
            "negative": -4,
            "quoted": start > end,
            "terms": vec!["respond"],
            "empty": {},
            "none": [],
        });
        assert_eq!(ours, Value::from(sample()));
    }

    #[test]
    fn reads_fields_as_serde_json_reads_them() {
        let mut v = Value::from(sample());
        assert_eq!(v["span"]["start"].as_u64(), Some(120));
        assert_eq!(v["speaker"]["entity"].as_u64(), Some(3));
        assert!(v["missing"]["deeper"].is_null());
        assert!(v["value"]["max"].is_null());
        assert_eq!(v["kind"], "quote");
        assert_eq!(v["parts"][0]["end"].as_u64(), Some(136));
        assert!(v["parts"][7].is_null());
        v["doc"] = Value::from(4);
        assert_eq!(v.get("doc").and_then(Value::as_u64), Some(4));
        let map = v.as_object_mut().expect("an object");
        assert_eq!(map.insert(key!("doc"), Value::from(5)), Some(Value::from(4)));
        assert_eq!(map.remove("doc"), Some(Value::from(5)));
        assert!(!map.contains_key("doc"));
        let names: Vec<&str> = map.keys().collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }

    #[test]
    fn a_name_has_one_key_wherever_it_is_made_and_finds_the_field_the_name_finds() {
        // Written in the program, asked by name, and read from JSON: one key.
        assert_eq!(key!("speaker"), Key::from("speaker"));
        assert_eq!(key!("speaker"), Key::from(String::from("speaker").as_str()));
        assert_ne!(key!("speaker"), key!("span"));
        let v = Value::from(sample());
        let map = v.as_object().expect("an object");
        for (name, value) in map {
            assert_eq!(map.get_key(Key::from(name)), Some(value), "{name}");
            assert_eq!(v[Key::from(name)], *value, "{name}");
        }
        assert_eq!(v.get_key(key!("missing")), None);
        assert!(v[key!("missing")].is_null());
        // Ordered by their text, as the fields of an object are.
        let mut keys = vec![key!("text"), key!("kind"), key!("span")];
        keys.sort();
        assert_eq!(keys, [key!("kind"), key!("span"), key!("text")]);
    }

    /// The sample split in two: its fields of `names` shared, the others its own.
    fn split_sample(names: &[&str]) -> (Map, Shared) {
        let whole = Value::from(sample());
        let (mut own, mut theirs) = (Map::new(), Map::new());
        for (name, value) in whole.as_object().expect("an object") {
            let half = if names.contains(&name) { &mut theirs } else { &mut own };
            half.insert(Key::from(name), value.clone());
        }
        (own, Shared::new(theirs))
    }

    #[test]
    fn shared_fields_read_print_and_compare_as_the_objects_own() {
        let whole = Value::from(sample());
        // Shared names before, between and after the object's own.
        let (mut own, shared) = split_sample(&["count", "kind", "terms"]);
        own.share(&shared);
        let v = Value::Object(own);
        assert_eq!(v, whole);
        assert_eq!(v.to_string(), whole.to_string());
        assert_eq!(
            serde_json::to_string_pretty(&v).expect("prints"),
            serde_json::to_string_pretty(&whole).expect("prints")
        );
        assert_eq!(v.to_json(), sample());
        let (map, all) = (v.as_object().expect("an object"), whole.as_object().expect("an object"));
        assert_eq!(map.len(), all.len());
        assert_eq!(map.iter().len(), all.len());
        assert!(map.keys().eq(all.keys()));
        for (name, value) in all {
            assert_eq!(map.get(name), Some(value), "{name}");
            assert_eq!(map.get_key(Key::from(name)), Some(value), "{name}");
            assert!(map.contains_key(name), "{name}");
        }
        assert_eq!(map.get("missing"), None);
    }

    #[test]
    fn an_object_that_changes_a_shared_field_changes_its_own_copy() {
        let (own, shared) = split_sample(&["count", "kind"]);
        let (mut a, mut b, mut c, mut d) = (own.clone(), own.clone(), own.clone(), own);
        for map in [&mut a, &mut b, &mut c, &mut d] {
            map.share(&shared);
        }
        a.insert(key!("count"), Value::from(7));
        *b.get_mut("kind").expect("a field") = Value::from("date");
        assert_eq!(c.remove("count"), Some(Value::from(2)));
        d.values_mut().for_each(|v| *v = Value::Null);
        assert_eq!(a.get("count"), Some(&Value::from(7)));
        assert_eq!(b.get("kind"), Some(&Value::from("date")));
        assert_eq!((c.get("count"), c.len()), (None, 12));
        assert!(d.values().all(Value::is_null));
        // What the others share is as it was.
        let fresh = {
            let (mut own, _) = split_sample(&["count", "kind"]);
            own.share(&shared);
            own
        };
        assert_eq!(
            (fresh.get("count"), fresh.get("kind")),
            (Some(&Value::from(2)), Some(&Value::from("quote")))
        );
        assert_eq!(
            (a.get("kind"), b.get("count")),
            (Some(&Value::from("quote")), Some(&Value::from(2)))
        );
        // Walking its own fields leaves the shared ones shared.
        let mut f = fresh.clone();
        assert_eq!(f.own_mut().count(), f.len() - 2);
        assert!(f.shared.is_some());
        // Fields of a name the object already has are set, as `insert` sets them.
        let mut e = Map::from_fields([(key!("count"), Value::from(9)), (key!("text"), Value::from("x"))]);
        e.share(&shared);
        assert_eq!(Value::Object(e).to_string(), r#"{"count":2,"kind":"quote","text":"x"}"#);
    }

    /// What a fact's alike fields are taken to be in these tests: its kind, nulls, booleans,
    /// empty lists.
    fn plain(key: Key, value: &Value) -> bool {
        key == key!("kind")
            || matches!(value, Value::Null | Value::Bool(_))
            || value.as_array().is_some_and(|a| a.is_empty())
    }

    /// An article's fields: the base objects are given.
    fn article(doc: u64) -> Shared {
        Shared::new(Map::from_fields([
            (key!("doc"), Value::from(doc)),
            (key!("role"), Value::from("draft")),
        ]))
    }

    #[test]
    fn fields_many_objects_have_alike_read_print_and_compare_as_their_own() {
        let mut whole = Value::from(sample());
        let (base, other) = (article(0), article(1));
        let (mut alike, mut elsewhere) = (Alike::new(&base), Alike::new(&other));
        let given = |alike: &mut Alike, value: &Value| {
            let Value::Object(mut map) = value.clone() else {
                panic!("an object")
            };
            map.share_alike(alike, plain);
            map
        };
        let (a, b) = (given(&mut alike, &whole), given(&mut alike, &whole));
        let c = given(&mut elsewhere, &whole);
        // Its own fields are the others, at their size; `kind`, `quoted` and `none` are
        // shared, with the article's.
        assert_eq!(a.fields.len(), 10);
        assert_eq!(a.fields.capacity(), a.fields.len());
        assert!(a.fields.iter().all(|(k, v)| !plain(*k, v)));
        let sa = a.shared().expect("shares");
        assert!(sa.same(b.shared().expect("shares")), "one set kept once in an article");
        assert!(sa.same_base(&base) && sa.base().same(&base) && !sa.same(&base));
        let sc = c.shared().expect("shares");
        assert!(!sc.same_base(sa) && sc.same_base(&other));
        let run = |s: &Shared| Arc::as_ptr(s.0.alike.as_ref().expect("alike fields"));
        assert_eq!(run(sa), run(sc), "one set kept once for every article");
        // Read, printed and compared as the object's own.
        for (doc, map) in [(0, &a), (0, &b), (1, &c)] {
            let mut expected = whole.clone();
            expected["doc"] = Value::from(doc);
            expected["role"] = Value::from("draft");
            let got = Value::Object(map.clone());
            assert_eq!(got, expected);
            assert_eq!(got.to_string(), expected.to_string());
            let (mut ours, mut theirs) = (String::new(), String::new());
            got.write_pretty(&mut ours, 0);
            expected.write_pretty(&mut theirs, 0);
            assert_eq!(ours, theirs);
            assert_eq!(ours, serde_json::to_string_pretty(&expected).expect("prints"));
            let all = expected.as_object().expect("an object");
            assert_eq!((map.len(), map.iter().len()), (all.len(), all.len()));
            assert!(map.keys().eq(all.keys()));
            for (name, value) in all {
                assert_eq!(map.get(name), Some(value), "{name}");
                assert_eq!(map.get_key(Key::from(name)), Some(value), "{name}");
            }
        }
        // Changing an alike field changes the object's own copy, never the others'.
        let (mut d, mut e) = (a.clone(), a.clone());
        d.insert(key!("quoted"), Value::from(true));
        assert_eq!(e.remove("none"), Some(Value::Array(ThinVec::new())));
        assert_eq!((d.get("quoted"), d.len()), (Some(&Value::from(true)), a.len()));
        assert_eq!((e.get("none"), e.len()), (None, a.len() - 1));
        assert_eq!(a.get("quoted"), Some(&Value::from(false)));
        assert_eq!(a.get("none"), Some(&Value::Array(ThinVec::new())));
        // Another set of alike values is another set kept.
        whole["quoted"] = Value::from(true);
        let f = given(&mut alike, &whole);
        assert!(!f.shared().expect("shares").same(sa));
        assert!(f.shared().expect("shares").same_base(&base));
        assert_eq!(f.get("quoted"), Some(&Value::from(true)));
    }

    #[test]
    fn an_object_with_a_name_of_its_article_keeps_its_fields() {
        let base = article(0);
        let mut alike = Alike::new(&base);
        let mut map = Map::from_fields([
            (key!("doc"), Value::from(7)),
            (key!("kind"), Value::from("date")),
            (key!("text"), Value::from("Monday")),
        ]);
        map.share_alike(&mut alike, plain);
        // Its own `doc` is the article's now, as `insert` would set it; nothing is shared.
        assert!(map.shared().is_none());
        assert_eq!(
            Value::Object(map).to_string(),
            r#"{"doc":0,"kind":"date","role":"draft","text":"Monday"}"#
        );
        // So does one given alike fields before its article, whether the name is among its
        // own fields or those it shares alike; each name is read and printed once.
        for (name, value) in [(key!("doc"), Value::from(7)), (key!("role"), Value::Null)] {
            let mut map = Map::from_fields([
                (name, value),
                (key!("kind"), Value::from("date")),
                (key!("text"), Value::from("Monday")),
            ]);
            map.share_alike(&mut Alike::unbased(), plain);
            assert!(map.shared().is_some(), "shares its kind");
            map.share_alike(&mut alike, plain);
            assert_eq!(map.len(), 4);
            assert_eq!(map.keys().collect::<Vec<_>>(), ["doc", "kind", "role", "text"]);
            assert_eq!(
                Value::Object(map).to_string(),
                r#"{"doc":0,"kind":"date","role":"draft","text":"Monday"}"#
            );
        }
        // An object with none of the values many have shares the article's fields alone.
        let mut own = Map::from_fields([(key!("text"), Value::from("Monday"))]);
        own.share_alike(&mut alike, plain);
        assert!(own.shared().expect("shares").same(&base));
    }

    #[test]
    fn keys_sort_as_their_names_whether_or_not_they_differ_in_their_first_eight_bytes() {
        let names = [
            "references",
            "reference",
            "referenced",
            "ref",
            "re",
            "r",
            "",
            "span",
            "spans",
            "s\u{0}",
            "s",
            "sentence_of",
            "sentence",
            "zeta",
            "Zeta",
            "éclat",
            "e",
            "relative_day_word",
        ];
        let mut by_key: Vec<Key> = names.iter().map(|n| Key::from(*n)).collect();
        by_key.sort();
        let mut by_text = names.to_vec();
        by_text.sort_unstable();
        assert_eq!(by_key.iter().map(Key::as_str).collect::<Vec<_>>(), by_text);
        // An object made of them keeps them in that order and finds each by name and by key.
        let mut map = Map::new();
        for (i, name) in names.iter().enumerate() {
            map.insert(Key::from(*name), Value::from(i));
        }
        assert_eq!(map.keys().collect::<Vec<_>>(), by_text);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(map.get(name), Some(&Value::from(i)), "{name:?}");
            assert_eq!(map.get_key(Key::from(*name)), Some(&Value::from(i)), "{name:?}");
        }
    }

    #[test]
    fn numbers_that_are_not_numbers_are_null_and_integers_stay_integers() {
        assert!(Value::from(f64::NAN).is_null());
        assert_eq!(Value::from(3usize).to_string(), "3");
        assert_eq!(Value::from(3.0).to_string(), "3.0");
        assert_ne!(Value::from(3usize), Value::from(3.0));
    }

    #[test]
    fn a_name_made_at_run_time_is_kept_once() {
        let made = String::from("casualties_reported");
        let a = Key::from(made.as_str());
        let b = Key::from("casualties_reported");
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, key!("casualties_reported"));
    }
}
