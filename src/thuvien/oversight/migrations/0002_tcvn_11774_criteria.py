"""The seeded criteria set: TCVN 11774:2016 (ISO 11620:2014) indicators by area, editable
afterwards (a founding body may choose a subset for its libraries, TT 05/2020 Art. 4)."""

from django.db import migrations

SET = ("tcvn-11774-2016", "Chỉ số đánh giá hoạt động thư viện, TCVN 11774:2016", "TCVN 11774:2016")
CRITERIA = [
    ("A.1.1", "Tỷ lệ tên tài liệu được yêu cầu có trong vốn tài liệu", "Nguồn lực, hạ tầng"),
    ("A.1.2", "Tỷ lệ truy cập bị từ chối", "Nguồn lực, hạ tầng"),
    ("A.2.1", "Diện tích dành cho người dùng tính trên đầu người", "Nguồn lực, hạ tầng"),
    ("A.2.2", "Chỗ ngồi cho người dùng tính trên đầu người", "Nguồn lực, hạ tầng"),
    ("A.2.3", "Giờ mở cửa so với nhu cầu", "Nguồn lực, hạ tầng"),
    ("A.3.1", "Số cán bộ thư viện tính trên đầu người", "Nguồn lực, hạ tầng"),
    ("B.1.1", "Vòng quay tài liệu", "Sử dụng"),
    ("B.1.2", "Số lượt mượn tính trên đầu người", "Sử dụng"),
    ("B.1.3", "Tỷ lệ tài liệu không được sử dụng", "Sử dụng"),
    ("B.1.4", "Số lượt tải nội dung số tính trên đầu người", "Sử dụng"),
    ("B.2.1", "Số lượt đến thư viện tính trên đầu người", "Sử dụng"),
    ("B.2.2", "Tỷ lệ dân số mục tiêu được phục vụ", "Sử dụng"),
    ("B.2.3", "Số người dự sự kiện của thư viện tính trên đầu người", "Sử dụng"),
    ("C.1.1", "Chi phí trên mỗi người dùng", "Hiệu quả"),
    ("C.1.2", "Chi phí trên mỗi lượt mượn", "Hiệu quả"),
    ("C.2.1", "Thời gian trung bình xử lý tài liệu", "Hiệu quả"),
    ("D.1.1", "Tỷ lệ kinh phí dành cho tài nguyên điện tử", "Tiềm năng và phát triển"),
    ("D.1.2", "Số giờ tập huấn trên mỗi cán bộ", "Tiềm năng và phát triển"),
]


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("oversight", "CriteriaSet")
    Criterion = apps.get_model("oversight", "Criterion")
    code, name, standard = SET
    criteria_set, _ = CriteriaSet.objects.get_or_create(
        code=code, defaults={"name": name, "standard": standard}
    )
    for position, (ccode, cname, group) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            code=ccode,
            defaults={"name": cname, "group": group, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
