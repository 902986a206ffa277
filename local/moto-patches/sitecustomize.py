"""
Changes to moto_server, loaded by Python at start-up (local/moto.ts puts this folder on PYTHONPATH).

moto's DynamoDB TransactWriteItems backs up every table a transaction names with copy.deepcopy before it starts,
so it can roll back - once per item of the transaction, and of the whole table. Each transaction therefore costs
time and memory in proportion to everything ever stored: past a few hundred cases the local stack slowed to about
one intake a second, and a 10,000-request fuzz run grew moto past 18 GB of memory (the copies are cyclic, so only
the cyclic garbage collector frees them).

The backup here is the same Table with its item map copied one level down and only the partitions the transaction
names copied deeply: an item the transaction does not name cannot change, so sharing it is safe, and a rollback
still restores exactly what was there. Nothing else about moto changes; if its internals are not what this expects,
the patch leaves moto as it is.
"""
import copy
import os
import signal
import threading

# `npm start` saves the emulator's data when Ctrl-C stops it, but the terminal sends Ctrl-C's SIGINT to moto_server
# too, which would end before the save could read it. local/moto.ts asks for this; the stack stops it with SIGTERM.
if os.environ.get("CASEFORMS_MOTO_IGNORE_SIGINT") == "1":
    signal.signal(signal.SIGINT, signal.SIG_IGN)

try:
    import moto.dynamodb.models as dynamodb_models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table
except Exception:  # not moto 5's layout: run unpatched
    dynamodb_models = None

if dynamodb_models is not None and hasattr(dynamodb_models.DynamoDBBackend, "transact_write_items"):
    _real_copy = copy
    _touched = threading.local()

    def _snapshot(table, partitions):
        backup = _real_copy.copy(table)
        items = type(table.items)(dict) if hasattr(table.items, "default_factory") else {}
        for hash_value, partition in table.items.items():
            if hash_value in partitions:
                items[hash_value] = _real_copy.deepcopy(partition)
            elif isinstance(partition, dict):
                items[hash_value] = dict(partition)
            else:
                items[hash_value] = partition
        backup.items = items
        return backup

    class _CopyModule:
        """The `copy` module as moto's DynamoDB backend sees it: deep copies of a Table inside a transaction are cheap."""

        def __getattr__(self, name):
            return getattr(_real_copy, name)

        def deepcopy(self, value, memo=None):
            partitions = getattr(_touched, "by_table", None)
            if partitions is not None and isinstance(value, Table):
                return _snapshot(value, partitions.get(value.name, set()))
            return _real_copy.deepcopy(value, memo)

    _original = dynamodb_models.DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        by_table = {}
        for item in transact_items:
            for operation in item.values():
                table = self.tables.get(operation.get("TableName"))
                key = operation.get("Key") or operation.get("Item") or {}
                if table is not None and table.hash_key_attr in key:
                    by_table.setdefault(table.name, set()).add(DynamoType(key[table.hash_key_attr]))
        _touched.by_table = by_table
        try:
            return _original(self, transact_items)
        finally:
            _touched.by_table = None

    dynamodb_models.copy = _CopyModule()
    dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items

# A second, separate fidelity fix: presigned GETs' response-* overrides (s3_response_overrides.py).
try:
    import s3_response_overrides  # noqa: F401
except Exception:
    pass

# A third: KMS Sign of a digest (MessageType DIGEST), for the seal's KMS key (kms_digest_signing.py).
try:
    import kms_digest_signing  # noqa: F401
except Exception:
    pass
