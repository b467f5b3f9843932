"""The Powertools side of the Python comparison: the S3 example's summary, parsed with
aws-lambda-powertools' pydantic model instead of typed-lambda's Rust types.

`handle` parses the event dict with `S3Model.model_validate` (what `@event_parser` does) and
returns the same summary dict as the typed-lambda S3 example (examples/python-s3), logging the
same two kinds of lines.
"""

import logging

from aws_lambda_powertools.utilities.parser.models import S3Model

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


def handle(event, context):
    model = S3Model.model_validate(event)
    objects = []
    for record in model.Records:
        logger.info(
            "%s bucket=%s key=%s",
            record.eventName,
            record.s3.bucket.name,
            record.s3.object.key,
        )
        objects.append(
            {
                "event": record.eventName,
                "bucket": record.s3.bucket.name,
                "key": record.s3.object.key,
                "size": record.s3.object.size,
                "eventTime": record.eventTime.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            }
        )
    total = sum(o["size"] or 0 for o in objects)
    logger.info(
        "summarised %d objects, remaining %s ms",
        len(objects),
        context.get_remaining_time_in_millis(),
    )
    return {"objects": objects, "totalBytes": total}
