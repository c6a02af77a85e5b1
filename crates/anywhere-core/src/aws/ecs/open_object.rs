//! Reading and writing the task definition objects that keep the fields the console does not model.
//!
//! `#[serde(flatten)]` would do it, but it makes serde buffer every field of the object in its
//! own `Content` tree and replay it per struct, which cost the release wasm about 43 KB raw. These
//! types read the object into a JSON map instead, take out the fields they model by name, and keep
//! the rest; writing puts the modelled fields first, then the rest, as `flatten` did.

use serde::de::{self, DeserializeOwned};
use serde::ser::{self, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// An object being read: each modelled field is taken out once, what is left is `rest`.
pub(super) struct Fields(Map<String, Value>);

impl Fields {
    pub(super) fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Self)
    }

    /// A field that may be absent: its default then (`null` reads as the type reads it: `None`
    /// for an option, an error for a list, as the derived impls did).
    pub(super) fn take<T: DeserializeOwned + Default, E: de::Error>(
        &mut self,
        name: &str,
    ) -> Result<T, E> {
        self.0
            .remove(name)
            .map_or_else(|| Ok(T::default()), |value| parse(name, value))
    }

    /// A field the object must have.
    pub(super) fn require<T: DeserializeOwned, E: de::Error>(
        &mut self,
        name: &'static str,
    ) -> Result<T, E> {
        match self.0.remove(name) {
            Some(value) => parse(name, value),
            None => Err(E::missing_field(name)),
        }
    }

    /// The fields no one took.
    pub(super) fn rest(self) -> Map<String, Value> {
        self.0
    }
}

fn parse<T: DeserializeOwned, E: de::Error>(name: &str, value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(|error| E::custom(format_args!("{name}: {error}")))
}

/// An object being written: the modelled fields (absent ones left out), then the kept ones.
pub(super) struct Writer<M>(M);

impl<M: SerializeMap> Writer<M> {
    pub(super) fn start<S: ser::Serializer<SerializeMap = M, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        serializer.serialize_map(None).map(Self)
    }

    pub(super) fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// Left out when `None`.
    pub(super) fn option<T: Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.field(name, value),
            None => Ok(()),
        }
    }

    /// Left out when empty.
    pub(super) fn list<T: Serialize>(&mut self, name: &str, value: &[T]) -> Result<(), M::Error> {
        if value.is_empty() {
            Ok(())
        } else {
            self.field(name, value)
        }
    }

    /// The fields kept from reading.
    pub(super) fn rest(&mut self, rest: &Map<String, Value>) -> Result<(), M::Error> {
        rest.iter()
            .try_for_each(|(name, value)| self.field(name, value))
    }

    pub(super) fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}
