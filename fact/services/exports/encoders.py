"""Writers of records to a binary stream: JSON Lines, a JSON array, CSV, Parquet.

Each writes as it is given records and finishes the file on close(); an export with no records is a
valid empty file (a CSV header, `[]`, a Parquet file with its schema and no rows).
"""
import csv
import io
import json

PARQUET_BATCH = 50_000


def _json(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode()


class JsonLines:
    def __init__(self, out, _columns=None):
        self.out = out

    def write(self, record: dict) -> None:
        self.out.write(_json(record) + b"\n")

    def close(self) -> None:
        pass


class JsonArray:
    """A JSON array written element by element (JSON-LD accepts an array of nodes)."""

    def __init__(self, out, _columns=None):
        self.out, self.first = out, True
        out.write(b"[")

    def write(self, record: dict) -> None:
        self.out.write((b"\n" if self.first else b",\n") + _json(record))
        self.first = False

    def close(self) -> None:
        self.out.write(b"]\n" if self.first else b"\n]\n")


class Csv:
    """Records are dicts whose keys come in the order of `columns`; rows are encoded a batch at a time."""

    def __init__(self, out, columns):
        self.out, self.buffer, self.pending = out, io.StringIO(), 0
        self.writer = csv.writer(self.buffer)
        self.writer.writerow(columns)

    def write(self, record: dict) -> None:
        self.writer.writerow(record.values())
        self.pending += 1
        if self.pending >= 1_000:
            self._flush()

    def _flush(self) -> None:
        self.out.write(self.buffer.getvalue().encode())
        self.buffer.seek(0)
        self.buffer.truncate()
        self.pending = 0

    def close(self) -> None:
        self._flush()


class Parquet:
    """Row groups of PARQUET_BATCH rows; `columns` maps each column to its Arrow type name."""

    def __init__(self, out, columns):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns.items()])
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd")
        self.rows: list[dict] = []

    def write(self, record: dict) -> None:
        self.rows.append(record)
        if len(self.rows) >= PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.rows:
            self._flush()
        self.writer.close()
