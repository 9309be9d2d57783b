from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Screenshot or image")
        template = "portal_pages/blocks/image_block.html"


class TipBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        label = _("Tip")
        template = "portal_pages/blocks/tip_block.html"


class HelpStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), icon="title", template="portal_pages/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="portal_pages/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    tip = TipBlock()
