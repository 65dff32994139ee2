"""Label Studio tasks: the payload of a span with the sources it offers (payloads), the
pre-annotation (predictions), and sending them to the project (push)."""
