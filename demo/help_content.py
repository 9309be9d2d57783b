"""The manual "Mon espace client — Manuel d'utilisation", as help pages ("Aide").

Its sections, in its order and words, adapted where the portal does a step differently
(e.g. the activation link of the first connection). Firm staff edit them afterwards in
the Wagtail admin.
"""

INTRO = (
    "<p>Mon espace client est un site Internet sécurisé qui permet de suivre l'avancée de "
    "mes dossiers en consultant les éléments partagés (documents, rendez-vous, dates de "
    "procédures...) et en collaborant avec mon avocat.</p>"
)


def _p(html):
    return {"type": "paragraph", "value": html}


def _h(text):
    return {"type": "heading", "value": text}


def _tip(html):
    return {"type": "tip", "value": {"text": html}}


SECTIONS = [
    (
        "Ma première connexion",
        "ma-premiere-connexion",
        [
            _p(
                "<p>Votre avocat vous invite à utiliser votre espace client. L'email de "
                "notification qui vous est envoyé contient :</p>"
                "<ul><li>le lien d'accès à l'espace client ;</li>"
                "<li>votre identifiant (votre adresse e-mail) ;</li>"
                "<li>un lien d'activation pour choisir votre mot de passe, valable 72 heures "
                "(ou, selon le choix du cabinet, un mot de passe provisoire à changer à la "
                "première connexion).</li></ul>"
            ),
            _p(
                "<p>Cliquez sur le lien d'accès à l'espace client et renseignez vos "
                "identifiants sur la page <b>Connexion</b> : <b>Identifiant</b> et "
                "<b>Mot de passe</b>, puis cliquez sur <b>Se connecter</b>.</p>"
            ),
            _tip(
                "<p>Si le lien d'activation a expiré ou a déjà servi, la page qui s'ouvre "
                "vous propose d'en recevoir un nouveau.</p>"
            ),
        ],
    ),
    (
        "La modification du mot de passe",
        "modification-du-mot-de-passe",
        [
            _p(
                "<p>Cliquez sur <b>Mon compte</b> puis sur <b>Modifier mon mot de passe</b>. "
                "Saisissez votre mot de passe actuel, puis deux fois le nouveau.</p>"
            ),
            _p(
                "<p>Votre mot de passe compte au moins 12 caractères ; évitez les mots de "
                "passe courants.</p>"
            ),
            _tip(
                "<p>En cas d'oubli, réinitialisez le mot de passe depuis la page "
                "d'authentification : cliquez sur <b>Mot de passe oublié ?</b>, un lien "
                "vous est envoyé par e-mail.</p>"
            ),
        ],
    ),
    (
        "La consultation des éléments partagés",
        "consultation-des-elements-partages",
        [
            _p(
                "<p>Depuis la page d'accueil, les éléments partagés par votre avocat sont "
                "regroupés par catégorie, tous dossiers confondus : Documents, Rendez-vous, "
                "Dates de procédure, Factures.</p>"
            ),
            _p("<p>Consultez le détail d'une catégorie en cliquant dessus.</p>"),
            _tip(
                "<p>Une catégorie est masquée lorsqu'elle ne contient pas d'éléments partagés.</p>"
            ),
            _h("Focus sur la consultation d'un dossier"),
            _p(
                "<p>Chaque dossier a sa propre page, avec les mêmes catégories limitées à ce "
                "dossier. Consultez le détail d'une catégorie en cliquant dessus.</p>"
            ),
            _tip(
                "<p>Une catégorie est masquée lorsqu'elle ne contient pas d'éléments partagés.</p>"
            ),
        ],
    ),
    (
        "Le dépôt de documents",
        "depot-de-documents",
        [
            _p(
                "<p>L'option « dépôt de documents » permet de déposer un ou plusieurs "
                "documents sur votre espace client en parcourant les répertoires de votre "
                "ordinateur.</p>"
            ),
            _p(
                "<p><b>Glissez déposez ou sélectionnez les documents depuis l'encart de "
                "dépôt.</b></p>"
            ),
            _tip(
                "<p>Le dépôt de documents peut se réaliser depuis l'accueil selon le même "
                "procédé : choisissez alors le dossier concerné.</p>"
            ),
        ],
    ),
    (
        "Le partage de nouveaux éléments",
        "partage-de-nouveaux-elements",
        [
            _p(
                "<p>Lorsque votre avocat partage de nouveaux éléments sur votre espace "
                "client, une notification par email vous est envoyée.</p>"
                "<p>L'email de notification qui vous a été envoyé contient :</p>"
                "<ul><li>le lien d'accès à l'espace client ;</li>"
                "<li>le type et le nombre d'éléments partagés ;</li>"
                "<li>les dossiers de rattachement.</li></ul>"
            ),
        ],
    ),
    (
        "Le paiement de mes factures",
        "paiement-de-mes-factures",
        [
            _p(
                "<p>Uniquement dans le cas où votre avocat propose cette option, le paiement "
                "en ligne permet de régler une facture depuis votre espace client à l'aide "
                "d'une plateforme de paiement sécurisée : cliquez sur <b>Payer</b> à côté de "
                "la facture.</p>"
            ),
            _tip(
                "<p>La facture apparaît comme payée dès que la plateforme de paiement a "
                "confirmé le règlement.</p>"
            ),
        ],
    ),
    (
        "La modification de mes coordonnées",
        "modification-de-mes-coordonnees",
        [
            _p(
                "<p>Dans le cas d'un changement de situation, vous pouvez indiquer à votre "
                "avocat la modification de certaines informations (adresse, "
                "coordonnées...).</p>"
            ),
            _p(
                "<p><b>Mettez à jour vos coordonnées</b> en complétant ou modifiant le "
                "formulaire (Nom, Prénom, E-mail, Adresse, Code postal, Ville, Tél, Mobile), "
                "puis cliquez sur <b>Envoyer</b>. Votre avocat valide la modification.</p>"
            ),
        ],
    ),
    (
        "L'envoi d'un message",
        "envoi-d-un-message",
        [
            _p(
                "<p>Le message est destiné à votre interlocuteur au sein du cabinet "
                "d'avocats et vous permet, par exemple, de solliciter un rendez-vous, de "
                "demander des informations...</p>"
            ),
            _p(
                "<p><b>Contactez l'interlocuteur</b> et rédigez votre message : choisissez "
                "le dossier, indiquez l'objet et le message, puis cliquez sur "
                "<b>Envoyer</b>.</p>"
            ),
        ],
    ),
]
