"""
S3 GetObject's response-* query parameters, which moto ignores: a presigned GET may pin the Content-Disposition and
Content-Type the object is served with (the staff file links do: always an attachment, the type the bytes showed).
Real S3 honours them on signed requests; without this the local stack would serve a file with whatever type it was
stored with and no disposition, and the tests could not see what AWS does. Loaded by sitecustomize.py.
"""
_OVERRIDES = {
    "response-content-type": "content-type",
    "response-content-disposition": "content-disposition",
    "response-content-language": "content-language",
    "response-content-encoding": "content-encoding",
    "response-cache-control": "cache-control",
    "response-expires": "expires",
}

try:
    from moto.s3.responses import S3Response
except Exception:  # not moto 5's layout: run unpatched
    S3Response = None

if S3Response is not None and hasattr(S3Response, "get_object"):
    _real_get_object = S3Response.get_object

    def get_object(self):
        status, headers, body = _real_get_object(self)
        query = getattr(self, "querystring", None) or {}
        if status in (200, 206):
            for parameter, header in _OVERRIDES.items():
                values = query.get(parameter)
                if values:
                    for name in [name for name in headers if name.lower() == header]:
                        headers.pop(name)
                    headers[header] = values[0] if isinstance(values, list) else values
        return status, headers, body

    S3Response.get_object = get_object
