from marshmallow import Schema, fields


class HealthSchema(Schema):
    status = fields.Str(metadata={"example": "ok"})
    database = fields.Str(metadata={"description": "The database backend: sqlite or postgresql"})
