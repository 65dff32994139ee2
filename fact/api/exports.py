from flask import Response, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from fact.api.limits import database_time_limit
from fact.services.exports import ExportError, ExportOptions, get_format, parse_split, stream
from schemas.exports import ExportArgs

blp = Blueprint("exports", __name__, description="Datasets for model training, streamed as they are read")


@blp.route("/exports/<format_name>")
class Export(MethodView):
    @database_time_limit("FACT_EXPORT_DB_TIMEOUT_MS")
    @blp.arguments(ExportArgs, location="query")
    @blp.response(200, content_type="application/octet-stream",
                  description="fever, stance, claim-spans (JSON Lines), csv, parquet, claimreview (JSON-LD), qrels (TREC)")
    def get(self, args, format_name):
        """Stream one export (or one part of a split); the CLI's `flask fact export` also writes the card."""
        try:
            fmt = get_format(format_name)
        except ExportError as error:
            abort(404, message=str(error))
        try:
            split = parse_split(args["split"]) if "split" in args else None
        except ValueError as error:
            abort(422, errors={"query": {"split": [str(error)]}})
        options = ExportOptions(args["agreed_only"], split, args["seed"], args["author"])
        part = args.get("part")
        name = f"{fmt.name}{'-' + part if part else ''}.{fmt.extension}"
        return Response(stream_with_context(stream(fmt.name, options, part)), content_type=fmt.media_type,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
