"""Writers of records to a binary stream: JSON Lines, a JSON array, CSV, Parquet, TREC qrels.

Each writes as it is given records and finishes the file on close(); an export with no records is a
valid empty file (a CSV header, `[]`, a Parquet file with its schema and no rows). Csv and Parquet
also take the flat table's rows as they come from the cursor (write_rows, fed by exports.table).
"""
import csv
import io
import json
from operator import itemgetter

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

    def write_rows(self, rows) -> None:
        """Rows of table.statement(lines=True): each one's first value is its whole line, quoted and ended."""
        self._flush()
        self.out.write("".join(map(_line, rows)).encode())

    def close(self) -> None:
        self._flush()


_line = itemgetter(0)


class Parquet:
    """Row groups of PARQUET_BATCH rows; `columns` maps each column to its Arrow type name."""

    def __init__(self, out, columns):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns.items()])
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd")
        self.rows: list[dict] = []  # records given to write()
        self.tables: list = []  # batches given to write_rows(), already Arrow (compact, not a dict per row)
        self.pending = 0

    def write(self, record: dict) -> None:
        self.rows.append(record)
        if len(self.rows) >= PARQUET_BATCH:
            self._flush()

    def write_rows(self, rows) -> None:
        """Rows of table.statement(): the columns' values first, in order (what follows is left out)."""
        values = list(zip(*rows))
        self.tables.append(self.pa.Table.from_arrays(
            [self.pa.array(column, type=field.type) for column, field in zip(values, self.schema)], schema=self.schema))
        self.pending += len(rows)
        while self.pending >= PARQUET_BATCH:
            self._flush_tables()

    def _flush(self) -> None:
        self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def _flush_tables(self) -> None:
        """The next row group, as write() would have cut it (one chunk, PARQUET_BATCH rows or the rest)."""
        rows = self.pa.concat_tables(self.tables)
        self.writer.write_table(rows.slice(0, PARQUET_BATCH).combine_chunks())
        rest = rows.slice(PARQUET_BATCH)
        self.tables, self.pending = ([rest] if rest.num_rows else []), rest.num_rows

    def close(self) -> None:
        if self.rows:
            self._flush()
        if self.pending:
            self._flush_tables()
        self.writer.close()


class Qrels:
    """Records {query_id, doc_id, relevance} as TREC qrels lines, by fact.matching.checked.qrels (imported
    here: the matcher's module brings numpy and the indexes, which other exports need not load)."""

    def __init__(self, out, _columns=None):
        from fact.matching.checked import qrels

        self.out, self.qrels = out, qrels

    def write(self, record: dict) -> None:
        (line,) = self.qrels([(record["query_id"], record["doc_id"])], record["relevance"])
        self.out.write(line.encode() + b"\n")

    def close(self) -> None:
        pass
