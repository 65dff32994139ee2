from flask_smorest import Blueprint

blp = Blueprint("exports", __name__)
