from django.apps import AppConfig


class AiConfig(AppConfig):
    name = "thuvien.ai"
    verbose_name = "Trí tuệ nhân tạo"

    def ready(self) -> None:
        from thuvien.ai import cataloguing, diacritics, recommending, training

        # `thuvien ai train` runs each registered trainer in turn.
        training.register("cataloguing", cataloguing.train)
        training.register("recommending", recommending.train)
        training.register("diacritics", diacritics.train_and_propose)
