"""Validates NDJSON ASFF findings with botocore's Security Hub model, as BatchImportFindings
parameter validation would (a Stubber answers instead of AWS). Prints one line per invalid
finding and a closing 'N passed, M failed' line; exits 1 when any finding is invalid."""
import json
import sys

import botocore.session
from botocore.stub import Stubber

client = botocore.session.get_session().create_client(
    "securityhub", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
passed = failed = 0
for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), start=1):
    if not line.strip():
        continue
    finding = json.loads(line)
    stubber = Stubber(client)
    stubber.add_response("batch_import_findings", {"FailedCount": 0, "SuccessCount": 1, "FailedFindings": []},
                         {"Findings": [finding]})
    with stubber:
        try:
            client.batch_import_findings(Findings=[finding])
            passed += 1
        except Exception as error:  # botocore raises ParamValidationError and stub mismatches
            failed += 1
            print(f"line {number}: {finding.get('Id')}: {error}")
print(f"asff: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
