import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    ("file_format", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK")]
)
def test_it_writes_the_sample_in_each_format(tmp_path, file_format, magic):
    output = tmp_path / f"sample.{file_format}"
    call_command(
        "document-sample", "--format", file_format, "-o", str(output), stdout=io.StringIO()
    )
    assert output.read_bytes().startswith(magic)


def test_it_repeats_plan_rows_on_request(tmp_path):
    output = tmp_path / "plan.xlsx"
    call_command(
        "document-sample",
        "--format",
        "xlsx",
        "--rows",
        "30",
        "-o",
        str(output),
        stdout=io.StringIO(),
    )
    assert openpyxl.load_workbook(output)["มาตรการ"].max_row == 31
    with pytest.raises(CommandError):
        call_command("document-sample", "--rows", "0", "-o", str(output))
