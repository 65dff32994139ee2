"""Claims' embeddings, kept in the database (ClaimVector) for the two runs that read every claim's:
the evidence search reads a claim as a query (e5's `query: `, searching sentences), the already-checked
match as a passage (beside other claims). A vector is reused while the model and the claim's text are
the ones it was made of; the others are embedded in chunks, each committed as it is made, so that an
interrupted run keeps its work and every machine running these commands shares it.
"""
import faiss
import numpy as np
from sqlalchemy import delete, select

from fact.database import insert_missing
from fact.extensions import db
from fact.matching.embedders import Embedder
from fact.models import ClaimVector, VectorReading
from fact.progress import progress
from fact.services.matching.embeddings import STORED, model_key, text_hash

READ = 500  # claims' vectors read per query
EMBED = 256  # claims embedded per transaction


def claim_vectors(embedder: Embedder, reading: VectorReading,
                  texts: dict[int, str]) -> tuple[dict[int, np.ndarray], int]:
    """({claim id: float32 unit vector}, how many were embedded) of these claims read as `reading`,
    embedding (and storing) those that have none by this model for their present text. A fresh vector is
    the stored float16 one, so that a second run computes what the first did, scaled back to length 1
    (float16 is not quite), since both searches take cosines as dot products."""
    model = model_key(embedder)
    hashes = {claim_id: text_hash(text) for claim_id, text in texts.items()}
    ids = sorted(texts)
    known: dict[int, np.ndarray] = {}
    for start in range(0, len(ids), READ):
        for claim_id, digest, vector in db.session.execute(
                select(ClaimVector.claim_id, ClaimVector.text_hash, ClaimVector.vector).where(
                    ClaimVector.reading == reading, ClaimVector.model == model,
                    ClaimVector.claim_id.in_(ids[start : start + READ]))):
            if digest == hashes[claim_id]:
                known[claim_id] = np.frombuffer(vector, dtype=STORED).astype(np.float32)
    missing = [claim_id for claim_id in ids if claim_id not in known]
    embed = embedder.embed_queries if reading == VectorReading.query else embedder.embed_passages
    bar = progress(total=len(missing), unit="claim", desc="embed claims") if missing else None
    for start in range(0, len(missing), EMBED):
        chunk = missing[start : start + EMBED]
        made = embed([texts[i] for i in chunk]).astype(STORED)
        db.session.execute(delete(ClaimVector).where(ClaimVector.reading == reading, ClaimVector.claim_id.in_(chunk)))
        insert_missing(db.session, ClaimVector, [
            {"claim_id": i, "reading": reading, "model": model, "text_hash": hashes[i], "vector": v.tobytes()}
            for i, v in zip(chunk, made)], "claim_id", "reading")
        db.session.commit()
        known.update(zip(chunk, made.astype(np.float32)))
        bar.update(len(chunk))
    if bar is not None:
        bar.close()
    for vector in known.values():
        faiss.normalize_L2(vector.reshape(1, -1))
    return known, len(missing)
