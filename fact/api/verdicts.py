from flask_smorest import Blueprint

blp = Blueprint("verdicts", __name__)
