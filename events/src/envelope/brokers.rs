//! Message brokers: Amazon MQ for ActiveMQ and RabbitMQ (message `data`, base64, decoded on
//! access) and DocumentDB change streams (`fullDocument`).

#![allow(unused_imports)] // with only some of the broker families enabled

use std::borrow::Cow;

use serde_json::Value;

use super::{base64_payload, Envelope, PayloadError, RawPayload};

/// One payload per message: its `data` (already base64-decoded) as JSON.
#[cfg(feature = "activemq")]
impl Envelope for crate::activemq::ActiveMqEvent {
    fn payload_count(&self) -> usize {
        self.messages.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("messages[{index}].data")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        base64_payload(&self.messages[index].data, index, || {
            self.payload_location(index)
        })
    }

    fn payload_location_all(&self) -> String {
        "messages".to_owned()
    }
}

/// One payload per message over all queues (queues sorted by their `name::vhost` key, messages
/// in delivery order within each): its `data` (already base64-decoded) as JSON.
#[cfg(feature = "rabbitmq")]
impl Envelope for crate::rabbitmq::RabbitMqEvent {
    fn payload_count(&self) -> usize {
        self.rmq_messages_by_queue.values().map(Vec::len).sum()
    }

    fn payload_location(&self, index: usize) -> String {
        let (queue, position, _) = self.locate(index);
        format!("rmqMessagesByQueue[\"{queue}\"][{position}].data")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        let (_, _, message) = self.locate(index);
        base64_payload(&message.data, index, || self.payload_location(index))
    }

    fn payload_location_all(&self) -> String {
        "rmqMessagesByQueue".to_owned()
    }
}

#[cfg(feature = "rabbitmq")]
impl crate::rabbitmq::RabbitMqEvent {
    /// Every message with its queue key (`name::vhost`), in payload order.
    pub fn all_messages(
        &self,
    ) -> impl Iterator<Item = (&str, &crate::rabbitmq::RabbitMqMessage)> + '_ {
        self.rmq_messages_by_queue
            .iter()
            .flat_map(|(queue, messages)| messages.iter().map(move |m| (queue.as_str(), m)))
    }

    fn locate(&self, index: usize) -> (&str, usize, &crate::rabbitmq::RabbitMqMessage) {
        let mut rest = index;
        for (queue, messages) in &self.rmq_messages_by_queue {
            if rest < messages.len() {
                return (queue, rest, &messages[rest]);
            }
            rest -= messages.len();
        }
        panic!(
            "payload index {index} out of range ({} messages)",
            self.payload_count()
        )
    }
}

/// One payload per change event: `events[i].event.fullDocument` (already JSON). Deletes, drops
/// and updates without the full-document lookup carry none: a `Missing` error; read
/// `documentKey` and `updateDescription` from the record for those.
#[cfg(feature = "documentdb")]
impl Envelope for crate::documentdb::DocumentDbEvent {
    fn payload_count(&self) -> usize {
        self.events.len()
    }

    fn payload_location(&self, index: usize) -> String {
        format!("events[{index}].event.fullDocument")
    }

    fn raw_payload(&self, index: usize) -> Result<RawPayload<'_>, PayloadError> {
        let event = &self.events[index].event;
        if event.full_document.is_empty() {
            return Err(PayloadError::missing(
                index,
                self.payload_location(index),
                format!("no fullDocument in this {} event", event.operation_type),
            ));
        }
        // the generated field is a Map, not a Value: one copy into a JSON object
        Ok(RawPayload::Json(Cow::Owned(Value::Object(
            event.full_document.clone(),
        ))))
    }
}
