"""The OpenAPI document says every answer an operation can give, errors included, so a client
(and schemathesis) knows each one's shape."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

DETAIL = inline_serializer("Detail", {"detail": serializers.CharField()})
FIELD_ERRORS = inline_serializer(
    "FieldErrors",
    {"field": serializers.ListField(child=serializers.CharField(), required=False)},
)


class ApiSchema(AutoSchema):
    # A response's description is a phrase, without a full stop: the API's page lists them
    # after their codes in one sentence ("401 A login or token is needed; 403 …").
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "401": OpenApiResponse(DETAIL, description="A login or token is needed"),
            "403": OpenApiResponse(DETAIL, description="Not allowed to you"),
        }
        if self.method == "GET":
            if self._is_list_view():
                errors["400"] = OpenApiResponse(
                    FIELD_ERRORS, description="A filter or the cursor is wrong: each one's errors"
                )
            if "{" in self.path:
                errors["404"] = OpenApiResponse(DETAIL, description="No such record")
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return responses
